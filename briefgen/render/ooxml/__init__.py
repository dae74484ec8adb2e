"""What the two Office writers (DOCX, PPTX) share: Office Open XML packaging, text and templates.

`names` holds the namespaces, relationship types and content types; `text` the escaping and the
one definition of the characters XML cannot hold; `package` the parts of a template as
python-docx or python-pptx prepared them, relationships with their ids, content types and the
order a package is written in; `core` the core properties; `zip` the reproducible zip;
`template` finding, opening and caching a theme's template file once per process.
"""
