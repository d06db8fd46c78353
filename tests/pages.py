"""Reading pages as a person reads them: the text, without tags or extra spaces."""
import html
import re


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
