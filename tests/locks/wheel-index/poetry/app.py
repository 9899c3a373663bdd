import fastsum
import greeting

print(greeting.greeting("lock"), fastsum.total(range(10)), fastsum.machine())
