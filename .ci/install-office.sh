#!/usr/bin/env bash
# Install Debian's LibreOffice Writer (no GUI) for the legacy-draft tests: it writes the Word 97-2003 .doc
# and .rtf files they read, from .docx drafts, as an independent writer of them (about 200 MB, 25 s).
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-office.sh soffice libreoffice-writer-nogui
