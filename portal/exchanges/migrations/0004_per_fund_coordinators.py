"""Fund coordinators become a group per fund (FundAccess, created with each fund).

The single "Fund coordinators" group had rights over every fund; it is removed with its page
permissions. Run ``manage.py sync_permissions`` to give existing funds their groups.
"""

from django.db import migrations


def remove_global_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Fund coordinators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0003_funds_transfers_dashboard"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(remove_global_group, migrations.RunPython.noop)]
