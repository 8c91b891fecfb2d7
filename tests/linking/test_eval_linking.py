"""Model-free tests of the linking evaluation's readers and helpers on a hand-made CAT file."""

from __future__ import annotations

from dateline.evaluation.linking import _anchor, _lemma_clusters, _matches, read_cat

CAT = """<Document doc_name="1_1ecb.xml">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">him</token>
<token t_id="4" sentence="1" number="0">The</token>
<token t_id="5" sentence="1" number="1">arrest</token>
<token t_id="6" sentence="1" number="2">came</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="5"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="3"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="4"><token_anchor t_id="1"/></HUMAN_PART_PER>
<TIMEX3 m_id="5" functionInDocument="CREATION_TIME" value="2008-03-01"/>
<ACTION_OCCURRENCE m_id="9" TAG_DESCRIPTOR="arrest" instance_id="ACT1"/>
</Markables>
<Relations>
<TLINK r_id="7"><source m_id="3"/><target m_id="1"/></TLINK>
<CROSS_DOC_COREF r_id="8" note="ACT1"><source m_id="1"/><source m_id="2"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>"""


def test_read_cat_rebuilds_text_offsets_and_coref_clusters(tmp_path):
    path = tmp_path / "1_1ecb.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = read_cat(path, "1")
    assert doc.text == "Police arrested him\nThe arrest came\n"
    assert doc.published == "2008-03-01"
    spans = {m.key: doc.text[m.start : m.end] for m in doc.mentions}
    assert spans == {"1_1ecb:m1": "arrested", "1_1ecb:m2": "arrest", "1_1ecb:m3": "came"}
    clusters = {m.key: m.cluster for m in doc.mentions}
    # a TLINK is no coreference: m3 stays a singleton
    assert clusters == {"1_1ecb:m1": "ACT1", "1_1ecb:m2": "ACT1", "1_1ecb:m3": "1_1ecb:m3"}
    only_second = read_cat(path, "1", sentences={1})
    assert [m.key for m in only_second.mentions] == ["1_1ecb:m2", "1_1ecb:m3"]


def test_lemma_baseline_and_date_anchors():
    assert sorted(map(sorted, _lemma_clusters([("a", "arrest"), ("b", "come"), ("c", "arrest")]))) == [
        ["a", "c"], ["b"]]  # fmt: skip
    assert _matches("2005-01-18", "2005-01-18") and not _matches("2005-01-18", "2005-01")
    assert _matches("2003-XX-XX", "2003-05-02") and not _matches("XXXX-XX-XX", "2003")
    assert _anchor([("2005", "year"), ("2005-01-18", "day"), ("2005-01-18", "day"),
                    ("2005-01-19", "day")]) == "2005-01-18"  # fmt: skip
