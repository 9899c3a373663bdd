import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    project_name: str = os.environ.get("PROJECT_NAME", "fastapi_factory")
    version: str = "0.1.0"
    debug: bool = os.environ.get("DEBUG", "") == "1"
    api_prefix: str = "/api"


settings = Settings()
