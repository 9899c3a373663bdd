import os

from flask import Flask, jsonify, render_template

app = Flask(__name__)
NOTES = [{"id": 1, "text": "buy milk"}]


@app.route("/")
def index():
    return render_template("index.html", greeting=os.environ.get("NOTES_GREETING", "Hello"), notes=NOTES)


@app.route("/api/notes")
def notes():
    return jsonify(NOTES)


if __name__ == "__main__":
    app.run(debug=True)
