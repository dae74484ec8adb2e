"""Authoring commands: what helps a writer start and grow a project (`briefgen new`, `facts`,
`facts suggest`), as opposed to checking and building it."""
