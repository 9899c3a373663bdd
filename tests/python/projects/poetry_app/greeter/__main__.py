import os

print(f"{os.environ['GREETING']} ({__package__})")
