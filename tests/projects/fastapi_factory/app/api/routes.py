from fastapi import APIRouter

from app.core.config import settings

router = APIRouter()


@router.get("/status")
async def status():
    return {"project": settings.project_name, "status": "made by get_application"}
