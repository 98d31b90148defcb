"""Images in the window: thumbnails (in the composer and under sent messages) and the
full-size viewer.

Images are decoded off the GUI thread: :class:`Thumbnails` asks the window's task runner
for a small :class:`QImage` (``QImageReader`` decodes straight to the scaled size, so a
large photo never lands whole in memory) and caches it by content hash. The GUI thread
only turns the small image into a pixmap.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QImageReader, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.engines.base import ImagePart

#: the longest side of a thumbnail, in pixels
THUMB_SIDE = 72
#: thumbnails kept in memory (about 80 KB each); the oldest go first
CACHED_THUMBNAILS = 300
#: file name endings the window treats as images (a drop or a copied file); the core
#: checks the bytes whatever the name says
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")


def is_image_name(name: str) -> bool:
    """Whether a file name looks like an image (by its ending)."""
    return name.lower().endswith(IMAGE_SUFFIXES)


def image_key(part: ImagePart) -> str:
    """What identifies an image's pixels: its hash, else its file."""
    return part.sha256 or part.path


def scaled_image(part: ImagePart, longest: int) -> QImage:
    """``part`` decoded with its longest side at most ``longest`` pixels (any thread).

    A null QImage when the bytes cannot be read (a file removed since)."""
    reader = QImageReader()
    reader.setAutoTransform(True)
    buffer: QBuffer | None = None
    if part.data is not None:
        buffer = QBuffer()
        buffer.setData(QByteArray(part.data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader.setDevice(buffer)
    else:
        reader.setFileName(part.path)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > longest:
        reader.setScaledSize(size.scaled(longest, longest,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if buffer is not None:
        buffer.close()
    if not image.isNull() and max(image.width(), image.height()) > longest:
        image = image.scaled(longest, longest, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG (a pasted picture; run it off the GUI thread)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class Thumbnails(QObject):
    """Small images by content hash, made on the task runner's POOL lane.

    ``runner`` is the window's :class:`~app.ui.tasks.TaskRunner`; without one (a widget
    shown on its own) thumbnails are made on the spot."""

    #: a thumbnail is ready (argument: its key)
    ready = Signal(str)

    def __init__(self, runner=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._cache: dict[str, QImage] = {}
        self._waiting: dict[str, list[Callable[[QImage], None]]] = {}

    def request(self, part: ImagePart, deliver: Callable[[QImage], None]) -> None:
        """Call ``deliver(image)`` on the GUI thread once the thumbnail of ``part`` exists."""
        key = image_key(part)
        if key in self._cache:
            deliver(self._cache[key])
            return
        if key in self._waiting:
            self._waiting[key].append(deliver)
            return
        self._waiting[key] = [deliver]
        if self.runner is None:
            self._made(key, scaled_image(part, THUMB_SIDE * 2))
            return
        from app.ui.tasks import POOL

        self.runner.run(lambda: scaled_image(part, THUMB_SIDE * 2),
                        lambda image: self._made(key, image),
                        lambda _exc: self._made(key, QImage()), lane=POOL)

    def _made(self, key: str, image: QImage) -> None:
        if not image.isNull():
            self._cache[key] = image
            while len(self._cache) > CACHED_THUMBNAILS:
                del self._cache[next(iter(self._cache))]
        for deliver in self._waiting.pop(key, []):
            deliver(image)
        self.ready.emit(key)


class ImageThumb(QFrame):
    """One thumbnail: a click opens the full view; × (when removable) drops it."""

    open_requested = Signal(object)    # ImagePart
    remove_requested = Signal(object)  # ImagePart

    def __init__(self, part: ImagePart, thumbnails: Thumbnails, removable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="imageThumb")
        self.part = part
        self.setFixedSize(THUMB_SIDE + 8, THUMB_SIDE + 8)
        self.picture = QToolButton(self, objectName="imagePicture", autoRaise=True)
        self.picture.setGeometry(4, 4, THUMB_SIDE, THUMB_SIDE)
        self.picture.setIconSize(QSize(THUMB_SIDE - 4, THUMB_SIDE - 4))
        self.picture.setText("…")
        size = f"{part.width} × {part.height}" if part.width and part.height else ""
        self.picture.setToolTip(self.tr("Click to view full size") +
                                (f" ({size})" if size else ""))
        self.picture.setAccessibleName(self.tr("Image %1").replace("%1", size))
        self.picture.clicked.connect(lambda: self.open_requested.emit(self.part))
        self.remove_button: QToolButton | None = None
        if removable:
            self.remove_button = QToolButton(self, objectName="imageRemove", text="×")
            self.remove_button.setToolTip(self.tr("Remove this image"))
            self.remove_button.setAccessibleName(self.tr("Remove this image"))
            self.remove_button.setGeometry(THUMB_SIDE - 14, 0, 22, 22)
            self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self.part))
            self.remove_button.raise_()
        thumbnails.request(part, self._show)

    @property
    def loaded(self) -> bool:
        return not self.picture.icon().isNull()

    def _show(self, image: QImage) -> None:
        if not isValid(self):
            return  # the thumbnail left the screen before its image was made
        if image.isNull():
            self.picture.setText("?")
            self.picture.setToolTip(self.tr("This image's file is missing."))
            return
        self.picture.setText("")
        self.picture.setIcon(QPixmap.fromImage(image))


class ImageStrip(QScrollArea):
    """A row of thumbnails: the images attached in the composer, or those of a message.
    Many images scroll sideways (the window never grows wider for them)."""

    changed = Signal()
    open_requested = Signal(object)  # ImagePart

    def __init__(self, thumbnails: Thumbnails, removable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="imageStrip")
        self.thumbnails = thumbnails
        self.removable = removable
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFixedHeight(THUMB_SIDE + 8)
        inner = QWidget(self, objectName="imageRow")
        inner.setAutoFillBackground(False)
        self.setWidget(inner)
        self.viewport().setAutoFillBackground(False)
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(6)
        self._row.addStretch(1)
        self.thumbs: list[ImageThumb] = []
        self.setVisible(False)

    @property
    def parts(self) -> list[ImagePart]:
        return [thumb.part for thumb in self.thumbs]

    def set_parts(self, parts: list[ImagePart] | tuple[ImagePart, ...]) -> None:
        """Show exactly ``parts`` (thumbnails already shown are kept)."""
        if [image_key(p) for p in parts] == [image_key(p) for p in self.parts]:
            return
        for thumb in self.thumbs:
            self._row.removeWidget(thumb)
            thumb.deleteLater()
        self.thumbs = []
        for part in parts:
            self._append(part)
        self._changed()

    def add(self, part: ImagePart) -> bool:
        """Add ``part`` unless the same image is here already; True when added."""
        if any(image_key(p) == image_key(part) for p in self.parts):
            return False
        self._append(part)
        self._changed()
        return True

    def remove(self, part: ImagePart) -> None:
        for thumb in list(self.thumbs):
            if thumb.part is part:
                self.thumbs.remove(thumb)
                self._row.removeWidget(thumb)
                thumb.deleteLater()
        self._changed()

    def clear(self) -> None:
        self.set_parts([])

    def _append(self, part: ImagePart) -> None:
        thumb = ImageThumb(part, self.thumbnails, self.removable, self.widget())
        thumb.open_requested.connect(self.open_requested)
        thumb.remove_requested.connect(self.remove)
        self._row.insertWidget(len(self.thumbs), thumb)
        self.thumbs.append(thumb)

    def _changed(self) -> None:
        self.setVisible(bool(self.thumbs))
        self._fit_height()
        self.changed.emit()

    def _fit_height(self) -> None:
        """As tall as a thumbnail, plus the scroll bar only when the row overflows."""
        overflows = self.widget().sizeHint().width() > self.width()
        bar = self.horizontalScrollBar().sizeHint().height() if overflows else 0
        if self.height() != THUMB_SIDE + 8 + bar:
            self.setFixedHeight(THUMB_SIDE + 8 + bar)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_height()


class ImageViewer(QDialog):
    """One image at full size, scaled down to fit the screen; Esc (or a click) closes."""

    shown = Signal()  # the picture is on screen (tests and screenshots wait on it)

    def __init__(self, part: ImagePart, runner=None, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="imageViewer")
        self.part = part
        name = Path(part.path).name if part.path else ""
        size = f"{part.width} × {part.height}" if part.width and part.height else ""
        self.setWindowTitle(" · ".join(p for p in (self.tr("Image"), size) if p))
        self.setAccessibleName(self.tr("Image, full size"))
        self.setToolTip(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.picture = QLabel(self.tr("Opening the image…"),
                              alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(240, 160)
        area = QScrollArea(self, widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        area.setWidget(self.picture)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(area)
        self.longest = self._screen_side()
        if runner is None:
            self._show(scaled_image(part, self.longest))
        else:
            from app.ui.tasks import POOL

            runner.run(lambda: scaled_image(part, self.longest), self._show,
                       lambda _exc: self._show(QImage()), lane=POOL)

    def _screen_side(self) -> int:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return 1600
        area = screen.availableGeometry()
        return max(200, min(area.width(), area.height()) - 80)

    def _show(self, image: QImage) -> None:
        if not isValid(self):
            return  # closed before the image was read
        if image.isNull():
            self.picture.setText(self.tr("This image could not be opened: its file is "
                                         "missing or damaged."))
        else:
            self.picture.setPixmap(QPixmap.fromImage(image))
            self.resize(image.width() + 4, image.height() + 4)
        self.shown.emit()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.accept()
            return
        super().keyPressEvent(event)
