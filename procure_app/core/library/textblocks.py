"""Clause text as blocks: paragraphs and bullet lists.

Clause text is written in YAML with hard line breaks. A blank line separates paragraphs; a line
that starts with ``- `` begins a bullet item; other lines continue the paragraph or item before
them and are joined with a space. Every renderer (the app, DOCX) uses this one reading.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Paragraph", "BulletList", "Block", "split_blocks"]


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Paragraph | BulletList


def split_blocks(text: str) -> list[Block]:
    """Split clause text into paragraphs and bullet lists, in order."""
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        items: list[list[str]] = []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    blocks.append(Paragraph(" ".join(paragraph)))
                    paragraph = []
                items.append([line[2:].strip()])
            elif items:
                items[-1].append(line)
            else:
                paragraph.append(line)
        if paragraph:
            blocks.append(Paragraph(" ".join(paragraph)))
        if items:
            blocks.append(BulletList(tuple(" ".join(item) for item in items)))
    return _merge_adjacent_lists(blocks)


def _merge_adjacent_lists(blocks: list[Block]) -> list[Block]:
    """Bullet items separated by blank lines still form one list."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if isinstance(block, BulletList) and isinstance(previous, BulletList):
            merged[-1] = BulletList(previous.items + block.items)
        else:
            merged.append(block)
    return merged
