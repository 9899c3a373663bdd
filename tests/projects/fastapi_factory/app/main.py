from fastapi import FastAPI

from app.api.routes import router as api_router
from app.core.config import settings


def get_application() -> FastAPI:
    application = FastAPI(
        title=settings.project_name,
        debug=settings.debug,
        version=settings.version,
    )
    application.include_router(api_router, prefix=settings.api_prefix)
    return application


app = get_application()
