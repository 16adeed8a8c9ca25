"""The OpenAPI document matches the handlers: same routes, and every response validates
against the schema declared for its status."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from webapp.app import create_app


@pytest.fixture(scope="module", params=[False, True], ids=["public", "admin"])
def app(request, web_data):
    return create_app({"DATA_DIR": str(web_data), "ADMIN_TOKEN": "t" if request.param else None})


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def validator_for(spec: dict, schema: dict) -> Draft202012Validator:
    """A validator for a schema from the spec, its ``$ref``s resolved inside the spec."""
    registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012))
    if "$ref" in schema:
        schema = {"$ref": "urn:spec" + schema["$ref"]}
    return Draft202012Validator(schema, registry=registry)


def rule_to_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)


def test_every_api_route_is_documented_and_every_documented_route_exists(app, spec):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            routes[rule_to_path(rule.rule)] = {m.lower() for m in rule.methods} - {"head", "options"}
    documented = {path: set(ops) for path, ops in spec["paths"].items()}
    assert routes == documented


def test_every_schema_reference_resolves_and_schemas_are_valid(spec):
    refs = set(re.findall(r'"\$ref": "#/components/schemas/(\w+)"', str(spec).replace("'", '"')))
    assert refs and refs <= set(spec["components"]["schemas"])
    for schema in spec["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    for path, ops in spec["paths"].items():
        for op in ops.values():
            assert op["operationId"] and ("200" in op["responses"] or "201" in op["responses"])
            for p in op.get("parameters", []):
                if p["in"] == "path":
                    assert "{" + p["name"] + "}" in path


def example_requests(client) -> dict[str, list[tuple[str, dict, int]]]:
    """Per documented path: (url, query, expected status) covering success and error cases."""
    hit = client.get("/api/v1/search?q=vehicle&mode=keyword").get_json()["hits"][0]
    speaker = client.get("/api/v1/speakers?limit=1").get_json()["speakers"][0]["id"]
    aid, pid = hit["article_id"], hit["passage_id"]
    quote = client.get("/api/v1/quotes?speaker=Becchina").get_json()["quotes"][0]["id"]
    return {
        "/api/v1/search": [("/api/v1/search", {"q": "vehicle", "facets": "1"}, 200),
                           ("/api/v1/search", {"q": "x", "mode": "semantic", "limit": 3}, 200),
                           ("/api/v1/search", {"q": "police", "colour": "red"}, 400)],
        "/api/v1/ask": [("/api/v1/ask", {"q": "who said officers should not fire?"}, 200),
                        ("/api/v1/ask", {}, 400)],
        "/api/v1/articles/{article_id}": [(f"/api/v1/articles/{aid}", {}, 200),
                                          ("/api/v1/articles/none", {}, 404)],
        "/api/v1/passages/{passage_id}": [(f"/api/v1/passages/{pid}", {}, 200),
                                          ("/api/v1/passages/none:1", {}, 404)],
        "/api/v1/quotes": [("/api/v1/quotes", {"speaker": "Becchina", "text": "vehicles"}, 200),
                           ("/api/v1/quotes", {"limit": "1000"}, 400)],
        "/api/v1/speakers": [("/api/v1/speakers", {"q": "a"}, 200),
                             ("/api/v1/speakers", {"offset": "-3"}, 400)],
        "/api/v1/speakers/{speaker_id}": [(f"/api/v1/speakers/{speaker}", {}, 200),
                                          ("/api/v1/speakers/123456", {}, 404)],
        "/api/v1/similar/{passage_id}": [(f"/api/v1/similar/{pid}", {"limit": 2}, 200),
                                         (f"/api/v1/similar/{pid}", {"limit": 0}, 400),
                                         ("/api/v1/similar/none:0", {}, 404)],
        "/api/v1/compare": [("/api/v1/compare", {"topic": "vehicles", "left_speaker": "Becchina",
                                                 "right_speaker": "Graves"}, 200),
                            ("/api/v1/compare", {"topic": "vehicles"}, 400)],
        "/api/v1/stats": [("/api/v1/stats", {}, 200)],
        "/api/v1/watches": [("/api/v1/watches", {}, 200),
                            ("/api/v1/watches", {"x": "1"}, 400)],
        "/api/v1/watches/{key}": [("/api/v1/watches/pursuits", {"limit": 2}, 200),
                                  ("/api/v1/watches/1", {"since": "2000-01-01"}, 200),
                                  ("/api/v1/watches/1", {"since": "soon"}, 400),
                                  ("/api/v1/watches/none", {}, 404)],
        "/api/v1/quotes/{quote_id}/lineage": [(f"/api/v1/quotes/{quote}/lineage", {}, 200),
                                              ("/api/v1/quotes/1/lineage", {}, 404)],
        "/api/v1/openapi.json": [("/api/v1/openapi.json", {}, 200)],
    }


def test_responses_validate_against_the_declared_schemas(app, spec):
    client = app.test_client()
    examples = example_requests(client)
    get_paths = {p for p, ops in spec["paths"].items() if "get" in ops}
    assert set(examples) == get_paths
    for path, cases in examples.items():
        responses = spec["paths"][path]["get"]["responses"]
        for url, query, status in cases:
            response = client.get(url, query_string=query)
            assert response.status_code == status, (url, query, response.get_data(as_text=True))
            assert str(status) in responses, f"{path} does not document status {status}"
            schema = responses[str(status)]["content"]["application/json"]["schema"]
            validator_for(spec, schema).validate(response.get_json())


def test_declared_integer_bounds_are_enforced(app, spec):
    client = app.test_client()
    required = {"q": "police", "topic": "police", "left_speaker": "Becchina",
                "right_speaker": "Graves"}
    for path, ops in spec["paths"].items():
        if "{" in path or "get" not in ops:
            continue
        params = ops["get"]["parameters"]
        base = {p["name"]: required[p["name"]] for p in params if p["name"] in required}
        for p in params:
            schema = p["schema"]
            if schema.get("type") != "integer":
                continue
            for bad in (schema["minimum"] - 1, schema["maximum"] + 1):
                response = client.get(path, query_string={**base, p["name"]: bad})
                assert response.status_code == 400, (path, p["name"], bad)
            ok = client.get(path, query_string={**base, p["name"]: schema["maximum"]})
            assert ok.status_code == 200, (path, p["name"], ok.get_data(as_text=True))


def test_admin_operations_validate(app, spec):
    if "/api/v1/admin/delete" not in spec["paths"]:
        pytest.skip("admin endpoints are off without a token")
    client = app.test_client()
    op = spec["paths"]["/api/v1/admin/delete"]["post"]
    unauth = client.post("/api/v1/admin/delete", json={"article_ids": ["none"]})
    assert unauth.status_code == 401
    validator_for(spec, op["responses"]["401"]["content"]["application/json"]["schema"]
                  ).validate(unauth.get_json())
    bad = client.post("/api/v1/admin/delete", json={"article_ids": []},
                      headers={"Authorization": "Bearer t"})
    assert bad.status_code == 400
    validator_for(spec, op["responses"]["400"]["content"]["application/json"]["schema"]
                  ).validate(bad.get_json())
