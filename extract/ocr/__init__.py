"""Scanned pages and images: ruling lines with OpenCV, cell text with an OCR engine."""
