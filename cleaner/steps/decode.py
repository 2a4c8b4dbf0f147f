"""The pipeline's first step: the document's bytes decoded (:mod:`cleaner.encoding`), binary data
rejected, line ends made "\\n" so that line numbers mean the same thing for every input, and a
byte-order mark dropped.
"""

from __future__ import annotations

from cleaner.config import Config
from cleaner.document import Document, RejectedDocument
from cleaner.encoding import binary_reason, decode_with_warning
from cleaner.rulebook import RuleBook


def run(doc: Document, rules: RuleBook, config: Config) -> None:
    text = doc.raw
    if isinstance(text, (bytes, bytearray)):
        text, _, warning = decode_with_warning(bytes(text), doc.is_html)
        if warning is not None:
            doc.warnings.append(warning)
    if reason := binary_reason(text):
        raise RejectedDocument(reason)
    if "\r" in text:  # a scan, where each replace also copies the page
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc.text = text.removeprefix("\ufeff")
