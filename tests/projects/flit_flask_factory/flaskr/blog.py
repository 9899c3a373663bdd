from flask import Blueprint
from flask import render_template

bp = Blueprint("blog", __name__)

POSTS = [
    {"title": "Hello from flaskr", "body": "The first post, served from the package's templates."},
]


@bp.route("/")
def index():
    """Show all the posts, most recent first."""
    return render_template("blog/index.html", posts=POSTS)
