"""The WSGI application (gunicorn, runserver): it refuses to load on an unsafe production set-up."""

import os

from django.core.wsgi import get_wsgi_application

from alatau.web.security import refuse_unsafe_production

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alatau.web.settings")
refuse_unsafe_production()
application = get_wsgi_application()
