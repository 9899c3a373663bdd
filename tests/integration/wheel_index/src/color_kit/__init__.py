"""The dependency of greeting (its distribution name, Color-Kit, normalizes to color-kit)."""


def paint(text):
    return f"[{text}]"
