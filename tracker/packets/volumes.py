"""Splitting a packet that is too large for an e-filing system into numbered volumes.

E-filing systems cap the size of one file (EOIR's ECAS takes 25 MB; see
TRACKER_PACKET_MAX_MB). A packet over the cap is split between exhibits, never
inside one: volume 1 opens with the cover letter, each later volume with its own
first page; every volume has its own index of the exhibits it holds, its own
bookmarks, and the stamp "Vol. 2 · Page N of M"; Bates numbers run on from one
volume to the next; the certificate of service ends the last volume.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace

from tracker.packets.layout import BuiltPacket, Exhibit, PacketSpec, build_packet

MEGABYTE = 1024 * 1024
PAGE_ESTIMATE = 4_000  # bytes of a typed page or a page of the signer list, compressed, fonts aside
VOLUME_OVERHEAD = 40_000  # a volume's own cover and index pages, and its own font subsets


def exhibit_bytes(exhibit: Exhibit, pages: int = 0) -> int:
    """About how many bytes the exhibit adds to a packet: its uploads as they are, and its other pages."""
    uploads = sum(len(part.pdf or b"") + len(part.image or b"") for part in exhibit.parts)
    typed = sum(1 for part in exhibit.parts if part.pdf is None)
    return uploads + PAGE_ESTIMATE * max(pages, typed) + (exhibit.signer_count // 47) * PAGE_ESTIMATE


def estimate(spec: PacketSpec) -> int:
    """About how large the packet will be, before it is built."""
    return VOLUME_OVERHEAD + sum(exhibit_bytes(exhibit) for exhibit in spec.exhibits)


@dataclass
class Volumes:
    volumes: list[BuiltPacket]
    labels: list[list[str]]  # the exhibit labels of each volume
    warnings: list[str]

    def zip(self, stem: str) -> bytes:
        """Every volume in one ZIP: STEM-vol1-of-3.pdf, …"""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PDFs are compressed already
            for number, volume in enumerate(self.volumes, start=1):
                archive.writestr(f"{stem}-vol{number}-of-{len(self.volumes)}.pdf", volume.pdf)
        return out.getvalue()


def _groups(spec: PacketSpec, sizes: list[int], budget: int) -> list[list[Exhibit]]:
    """Exhibits in order, as many in each volume as fit the budget (an exhibit larger than it alone)."""
    groups: list[list[Exhibit]] = [[]]
    used = 0
    for exhibit, size in zip(spec.exhibits, sizes, strict=True):
        if groups[-1] and used + size > budget:
            groups.append([])
            used = 0
        groups[-1].append(exhibit)
        used += size
    return groups


def _page_counts(spec: PacketSpec, built: BuiltPacket) -> list[int]:
    pages = {label.removeprefix("Exhibit "): last - first + 1 for label, _, first, last in built.ranges}
    return [pages.get(exhibit.label, 1) for exhibit in spec.exhibits]


def split(spec: PacketSpec, max_bytes: int, built: BuiltPacket | None = None) -> Volumes:
    """The packet as volumes of at most max_bytes each where its exhibits allow. A packet under the
    cap is one volume, unchanged. Raises PacketError as build_packet does."""
    whole = built or build_packet(spec)
    if len(whole.pdf) <= max_bytes:
        return Volumes([whole], [[exhibit.label for exhibit in spec.exhibits]], [])
    if any(exhibit.signers is not None and iter(exhibit.signers) is exhibit.signers for exhibit in spec.exhibits):
        raise ValueError("split() reads the signer list again for its volume: pass one that can be read twice")
    sizes = [exhibit_bytes(exhibit, pages) for exhibit, pages in zip(spec.exhibits, _page_counts(spec, whole), strict=True)]
    # What a volume carries besides its exhibits, from the whole packet: fonts, cover, index.
    overhead = max(VOLUME_OVERHEAD, len(whole.pdf) - sum(sizes)) + VOLUME_OVERHEAD
    budget = max(max_bytes - overhead, max_bytes // 4)
    for _ in range(6):  # the estimate was too low for a volume: pack tighter and build again
        groups = _groups(spec, sizes, budget)
        volumes = _build(spec, groups)
        if all(len(volume.pdf) <= max_bytes for volume in volumes) or all(len(group) == 1 for group in groups):
            break
        budget = int(budget * 0.8)
    warnings = [
        f"Volume {number} ({len(volume.pdf) / MEGABYTE:.1f} MB) is over the {max_bytes / MEGABYTE:g} MB limit: "
        f"Exhibit {group[0].label} alone is larger. Replace its upload with a smaller scan or leave it out."
        for number, (volume, group) in enumerate(zip(volumes, groups, strict=True), start=1)
        if len(volume.pdf) > max_bytes
    ]
    return Volumes(volumes, [[exhibit.label for exhibit in group] for group in groups],
                   [*warnings, *(warning for volume in volumes for warning in volume.warnings)])


def _build(spec: PacketSpec, groups: list[list[Exhibit]]) -> list[BuiltPacket]:
    built: list[BuiltPacket] = []
    bates = spec.bates_start
    for number, group in enumerate(groups, start=1):
        last = number == len(groups)
        volume = build_packet(replace(
            spec, exhibits=group, volume=number, volumes=len(groups), bates_start=bates,
            service_text=spec.service_text if last else None,
            title=f"{spec.title} — Volume {number} of {len(groups)}",
        ))
        bates += volume.page_count
        built.append(volume)
    return built
