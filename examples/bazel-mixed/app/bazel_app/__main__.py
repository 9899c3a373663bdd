import geometry

square = [(0, 0), (4, 0), (4, 4), (0, 4)]
print(f"area computed in C++ built by Bazel: {geometry.polygon_area(square)}")
