"""``python -m pipeline.documents.templatebuild [FOLDER ...]``: build the shipped templates."""

from pipeline.documents.templatebuild import main

raise SystemExit(main())
