"""The media types gzcheck gives the documents it reads where no registry name fits (``source.media_type``)."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFD = "application/ofd"
SCAN = "image/x-scan"   # a picture of a report (PNG, JPEG, TIFF, BMP), read with OCR
