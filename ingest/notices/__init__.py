"""Case-notice extractor (jieba with project dictionaries) and notice → graph loading."""
from __future__ import annotations
