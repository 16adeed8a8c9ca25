"""The OnRecord web app (Flask); see ``webapp.app.create_app``."""
