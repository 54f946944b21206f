from caretext.document import TextBuilder


def test_builder_page_map_covers_every_character():
    b = TextBuilder()
    b.add_paragraph("First page paragraph.", 1)
    b.add("Runs over ", 1)
    b.add("onto page two.", 2)
    b.end_paragraph()
    b.add_paragraph("Page three.", 3)
    doc = b.build("pdf")
    assert doc.text == "First page paragraph.\n\nRuns over onto page two.\n\nPage three."
    # contiguous, complete, ordered
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    for a, c in zip(doc.pages, doc.pages[1:]):
        assert a.end == c.start
    assert doc.page_at(doc.text.index("Runs")) == 1
    assert doc.page_at(doc.text.index("onto")) == 2
    assert doc.page_at(doc.text.index("onto") - 1) == 1  # the space before belongs to page 1
    assert doc.page_at(doc.text.index("three")) == 3
    assert doc.page_at(len(doc.text)) is None
    assert doc.paragraph_texts()[1] == "Runs over onto page two."


def test_removed_spans_record_position():
    b = TextBuilder()
    b.add_paragraph("Body.", 1)
    b.remove("footer", "Page 1 of 2", 1, "footer-page-number")
    doc = b.build("pdf")
    assert doc.removed[0].at == len("Body.")
    assert doc.removed[0].kind == "footer"
