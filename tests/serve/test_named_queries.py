"""`/query/NAME` and the query page's forms: parameters checked as on the CLI, bound as terms."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from starlette.testclient import TestClient

from kg.sparql.queries import ParameterError, named_query, queries


def _cli_message(name: str, given: dict[str, str]) -> str:
    with pytest.raises(ParameterError) as err:
        named_query(name).bindings(given)
    return str(err.value)


@pytest.mark.parametrize("given", [{}, {"lable": "calls upon"}])
def test_missing_or_unknown_parameter_is_a_400_with_the_cli_message(client: TestClient, given):
    r = client.get("/query/paragraphs-by-phrase", params=given)
    assert r.status_code == 400
    assert r.text == _cli_message("paragraphs-by-phrase", given) + "\n"
    assert "label (required literal" in r.text


def test_unknown_query_is_a_404_listing_the_names(client: TestClient) -> None:
    r = client.get("/query/no-such")
    assert r.status_code == 404 and "cited-by" in r.text


def test_parameter_is_bound_and_its_column_left_out(client: TestClient) -> None:
    r = client.get("/query/paragraphs", params={"symbol": "A/RES/56/163", "format": "csv"})
    assert r.status_code == 200, r.text
    header, *rows = [row for row in csv.reader(io.StringIO(r.text)) if row]
    assert header[:2] == ["position", "kind"] and "symbol" not in header
    assert len(rows) >= 3
    other = client.get("/query/paragraphs", params={"symbol": "A/RES/57/209", "format": "csv"})
    assert other.status_code == 200 and other.text != r.text


def test_a_value_is_a_term_never_query_text(client: TestClient) -> None:
    evil = 'A/RES/56/163" } UNION { ?resolution ?p ?o } #'
    r = client.get("/query/paragraphs", params={"symbol": evil, "format": "csv"})
    assert r.status_code == 200
    assert [row for row in csv.reader(io.StringIO(r.text)) if row][1:] == []


def test_a_browser_gets_the_form_and_a_table_with_escaped_values(client: TestClient) -> None:
    page = client.get("/query/paragraphs-by-phrase", headers={"Accept": "text/html"})
    assert page.status_code == 200  # opening the address shows the form, runs nothing
    assert 'name="label" value="calls upon"' in page.text and "<table" not in page.text
    r = client.get("/query/paragraphs-by-phrase", params={"label": "Calls upon"},
                   headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert re.search(r"<h2>[1-9]\d* results?</h2>", r.text)
    assert 'value="Calls upon"' in r.text
    assert '<a href="/akn/un/statement/deliberation/unga/' in r.text
    sneaky = client.get("/query/paragraphs-by-phrase", params={"label": '"><script>x</script>'},
                        headers={"Accept": "text/html"})
    assert "<script>x" not in sneaky.text and "&gt;&lt;script&gt;x" in sneaky.text


def test_query_page_has_a_field_for_every_parameter(client: TestClient) -> None:
    page = client.get("/query").text
    for q in queries():
        forms = re.findall(rf'<form class="params" method="get" action="/query/{q.name}">'
                           r"(.*?)</form>", page, re.S)
        if not q.params:
            assert not forms and f'href="/query/{q.name}"' in page
            continue
        assert len(forms) == 2, q.name  # one by the example chooser, one in the list below
        for form in forms:
            for p in q.params:
                field = re.search(rf'<input [^>]*name="{p.name}"[^>]*>', form)
                assert field, (q.name, p.name)
                assert f'value="{html.escape(p.example, quote=True)}"' in field[0]
                assert (" required" in field[0]) == p.required
