"""The background task of a study (Django's task framework, the ``django-tasks`` database backend).

A worker runs them: ``alatau manage db_worker``.
"""

from django_tasks import task

from alatau.sites.jobs import run_study


@task()
def run_study_task(study_id: int) -> str:
    return run_study(study_id)
