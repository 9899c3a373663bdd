import fastmath

print(f"fib(50) computed in C++: {fastmath.fib(50)}")
name, area = fastmath.polygon([(0, 0), (4, 0), (4, 3), (0, 3)])
print(f"a {name} of area {area:g}, from libgeom")
