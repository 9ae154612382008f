"""The OpenAPI 3.1 description of the JSON API (``/api/v1/openapi.json``)."""

from __future__ import annotations

from typing import Any

from wikilint.rules.finding import Finding


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document(server: str, wikis: tuple[str, ...]) -> dict[str, Any]:
    finding = Finding.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = finding.pop("$defs", {})
    lang = {"type": "string", "enum": ["en", "zh-hans", "zh-hant"], "default": "en"}
    selectors = {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string", "description": "comma-separated"},
        ],
        "description": "rule codes (CIT001), code prefixes (CIT) or names (bare-url)",
    }
    lang_parameter = {"name": "lang", "in": "query", "schema": lang}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "wikilint API",
            "version": "1",
            "description": "Lint Wikipedia wikitext (zh and en): pasted text or an article "
            "of the configured wiki, read anonymously.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/lint": {
                "post": {
                    "summary": "Lint wikitext, or an article by title or revision",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/LintRequest"},
                                "examples": {
                                    "text": {
                                        "value": {
                                            "text": "Text.<ref>http://example.org</ref>",
                                            "wiki": "enwiki",
                                        }
                                    },
                                    "title": {"value": {"title": "安巴爾衝突", "lang": "zh-hant"}},
                                },
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "the findings",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/LintResult"}}
                            },
                        },
                        "400": _error("the body is not a JSON object"),
                        "404": _error("no such title or revision on the wiki"),
                        "413": _error("the text is larger than the server accepts"),
                        "422": _error("an option is invalid (error.field names it)"),
                        "502": _error("the wiki could not be read"),
                        "503": _error("every linting process is busy"),
                        "504": _error("linting took longer than the server's time limit"),
                    },
                }
            },
            "/api/v1/rules": {
                "get": {
                    "summary": "The rule catalogue",
                    "parameters": [lang_parameter],
                    "responses": {
                        "200": {
                            "description": "every rule",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "rules": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Rule"},
                                            }
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/rules/{code}": {
                "get": {
                    "summary": "One rule and its documentation",
                    "parameters": [
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": "the rule's code or name",
                        },
                        lang_parameter,
                    ],
                    "responses": {
                        "200": {
                            "description": "the rule",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Rule"}}
                            },
                        },
                        "404": _error("no such rule"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                **definitions,
                "Finding": finding,
                "LintRequest": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "text": {"type": "string", "description": "wikitext (or give title)"},
                        "title": {"type": "string", "description": "an article of the wiki"},
                        "oldid": {"type": "integer", "description": "a revision of the wiki"},
                        "wiki": {
                            "type": "string",
                            "enum": list(wikis),
                            "description": "the wiki profile; titles are read from that wiki",
                        },
                        "lang": lang,
                        "select": selectors,
                        "ignore": selectors,
                        "min_severity": {"type": "string", "enum": ["info", "warning", "error"]},
                    },
                },
                "LintResult": {
                    "type": "object",
                    "properties": {
                        "title": {"type": ["string", "null"]},
                        "revision_id": {"type": ["integer", "null"]},
                        "timestamp": {"type": ["string", "null"]},
                        "wiki": {"type": "string"},
                        "lang": {"type": "string"},
                        "links": {"type": "object", "additionalProperties": {"type": "string"}},
                        "counts": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "code": {"type": "string"},
                                    "name": {"type": "string"},
                                    "severity": {"type": "string"},
                                    "count": {"type": "integer"},
                                },
                            },
                        },
                        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                        "problems": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Rule": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "name": {"type": "string"},
                        "severity": {"type": "string"},
                        "summary": {"type": "string"},
                        "wikis": {"type": "array", "items": {"type": "string"}},
                        "documentation": {"type": "string"},
                        "examples": {"type": "object"},
                        "message_keys": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "field": {"type": "string"},
                            },
                        }
                    },
                },
            }
        },
    }
