"""Documents stored before GovIT read the type from the content carried the uploader's content
type. Each is read again: the type its content and extension agree on, else octet-stream."""

from django.db import migrations

from govit.documents import sniff


def determine_stored_types(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.iterator():
        content_type = sniff.UNKNOWN
        if sniff.extension_of(document.original_name) in sniff.BY_EXTENSION:
            try:
                with document.file.open("rb") as file:
                    content_type = sniff.determine(document.original_name, file).content_type
            except (OSError, ValueError):  # missing from storage, or not what its name says
                pass
        if content_type != document.content_type:
            Document.objects.filter(pk=document.pk).update(content_type=content_type)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(determine_stored_types, migrations.RunPython.noop)]
