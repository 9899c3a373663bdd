import os
import platform

print(f"notes {os.environ['NOTES_MODE']} on {platform.machine()} in {os.getcwd()}")
