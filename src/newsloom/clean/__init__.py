"""Stage 2, clean: page in, article out (title, body, dateline, byline, and every span that is not body).

HTML goes through trafilatura (`clean.html`); text dumps through newsloom's own line classifier
(`clean.text`), helped by the lines a site repeats on every page (`clean.site_memory`).
"""

from newsloom.clean.html import clean_html
from newsloom.clean.site_memory import SiteMemory
from newsloom.clean.text import clean_text

__all__ = ["SiteMemory", "clean_html", "clean_text"]
