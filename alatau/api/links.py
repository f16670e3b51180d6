"""OpenAPI links: what a client may do next with the object an answer names (create → update → read).

They document the workflows (the id a 201 gives is the ``{person_id}`` of the next call) and let a
stateful checker such as schemathesis chain the calls.
"""

from typing import Any

#: (operation, status) → {link name: (next operation, its path parameter)}; the id is the body's ``id``.
LINKS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("create_club", "201"): {"GetClub": ("get_club", "club_id"), "UpdateClub": ("update_club", "club_id")},
    ("update_club", "200"): {"GetClub": ("get_club", "club_id")},
    ("create_person", "201"): {
        "GetPerson": ("get_person", "person_id"),
        "UpdatePerson": ("update_person", "person_id"),
        "JoinClub": ("join_club", "person_id"),
    },
    ("update_person", "200"): {"GetPerson": ("get_person", "person_id")},
    ("join_club", "201"): {"GetPerson": ("get_person", "person_id")},
    ("request_licence", "201"): {
        "GetLicence": ("get_licence", "licence_id"),
        "ApproveLicence": ("approve_licence", "licence_id"),
        "RefuseLicence": ("refuse_licence", "licence_id"),
    },
    ("approve_licence", "200"): {
        "GetLicence": ("get_licence", "licence_id"),
        "ActivateLicence": ("activate_licence", "licence_id"),
        "RevokeLicence": ("revoke_licence", "licence_id"),
    },
    ("create_race", "201"): {
        "GetRace": ("get_race", "race_id"),
        "AddEntries": ("add_entries", "race_id"),
        "Results": ("results", "race_id"),
    },
}


def add_links(schema: dict[str, Any]) -> None:
    """Write :data:`LINKS` into the responses of the operations the schema has."""
    operations = {
        operation.get("operationId"): operation
        for path in schema.get("paths", {}).values()
        for operation in path.values()
        if isinstance(operation, dict)
    }
    for (operation_id, status), links in LINKS.items():
        responses = operations.get(operation_id, {}).get("responses", {})
        response = responses.get(status) or responses.get(int(status))  # ninja keys them by int
        if response is None:
            continue
        response["links"] = {
            name: {"operationId": target, "parameters": {parameter: "$response.body#/id"}}
            for name, (target, parameter) in links.items()
            if target in operations
        }
