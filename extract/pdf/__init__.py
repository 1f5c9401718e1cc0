"""Digital PDF reading on PDFium (pypdfium2): characters and ruling lines to the table model."""
