"""Where meeting documents are stored, and the address they are read at."""

from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class DocumentStorage(FileSystemStorage):
    """MEDIA_ROOT as usual, but every document's address is the portal's document view, which hands the file
    out only once public_rule() makes it public (Document.objects.public()) — never a bare /media/ path anyone
    could guess."""

    def url(self, name):
        return reverse("meetings:document", args=[name])
