import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.base")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, every model, the URL patterns) lives as long as the
# process. Freezing it keeps Python's cycle collector from walking those ~200,000 objects again
# on every full collection during requests (figures in docs/DECISIONS.md, issue 12).
gc.freeze()
