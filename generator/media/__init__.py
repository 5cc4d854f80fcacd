"""Photos to portraits: reading images safely, faces, crops and their cache, placeholders, QR codes."""
