# SPDX-License-Identifier: MIT
__version__ = "1.2.0"
