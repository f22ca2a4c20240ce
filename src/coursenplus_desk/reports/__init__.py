"""Documents (reportlab): access replies, certificates, forms, registers, notices."""
