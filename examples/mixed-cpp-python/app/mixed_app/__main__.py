import fastmath

print(f"fib(50) computed in C++: {fastmath.fib(50)}")
