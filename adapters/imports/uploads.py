"""An uploaded file: within its size, and what its name claims it is."""

from __future__ import annotations

from adapters.imports.tables import ZIP_MAGIC, UnreadableFile, spreadsheet_format

# what a name's extension promises, and what the bytes must then be
CLAIMS = {".ods": "ods", ".xlsx": "xlsx", ".xls": "xls", ".zip": "zip", ".xml": "xml"}


def checked_claim(content: bytes, filename: str) -> bytes:
    """The content, if it is what its name says; an empty file is refused too."""
    if not content.strip():
        raise UnreadableFile("The file is empty.", "Ce fichier est vide.")
    name = filename.lower()
    claimed = next((kind for ext, kind in CLAIMS.items() if name.endswith(ext)), None)
    if claimed is None:
        return content
    actual = spreadsheet_format(content)
    if claimed == "zip":
        actual = "zip" if content.startswith(ZIP_MAGIC) and actual is None else actual
    if claimed == "xml":
        actual = "xml" if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else actual
    if actual != claimed:
        raise UnreadableFile(
            f"The file is named {filename} but is not a {claimed.upper()} file.",
            f"Ce fichier s'appelle « {filename} » mais n'est pas un fichier {claimed.upper()}.",
        )
    return content
