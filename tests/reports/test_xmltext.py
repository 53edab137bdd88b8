import xml.etree.ElementTree as ET

from sanctscreen.reports.xmltext import xml_text


def test_control_characters_are_replaced_and_the_rest_kept() -> None:
    assert xml_text("a\x00b\x07c\td\ne 旷视 \U0001f600") == "a\ufffdb\ufffdc\td\ne 旷视 \U0001f600"


def test_result_parses() -> None:
    element = ET.Element("x", name=xml_text("bell\x07"))
    element.text = xml_text("nul\x00")
    parsed = ET.fromstring(ET.tostring(element))
    assert parsed.get("name") == "bell\ufffd"
    assert parsed.text == "nul\ufffd"
