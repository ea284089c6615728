"""The history of plans' wards, actions' partners and meetings' organisations; unique ranks of
priorities in a plan and positions of actions in a priority (existing rows renumbered first)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models




def renumber(apps, schema_editor):
    """Ranks 1, 2, 3… within each plan (and positions within each priority), in their order."""
    for model_name, parent in (("Priority", "plan_id"), ("Action", "priority_id")):
        model = apps.get_model("wards", model_name)
        rank, last, changed = 0, None, []
        for row in model.objects.order_by(parent, "position", "pk"):
            rank = rank + 1 if getattr(row, parent) == last else 1
            last = getattr(row, parent)
            if row.position != rank:
                changed.append((row.pk, rank))
        # The constraints come after this step, so the rows may share a number on the way.
        for pk, rank in changed:
            model.objects.filter(pk=pk).update(position=rank)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('wards', '0003_ward_generations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalAction_partners',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalAction_partners',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalForumMeeting_organisations_attending',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalForumMeeting_organisations_attending',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalWardPlan_wards',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'HistoricalWardPlan_wards',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='action',
            constraint=models.UniqueConstraint(fields=('priority', 'position'), name='action_unique_position'),
        ),
        migrations.AddConstraint(
            model_name='priority',
            constraint=models.UniqueConstraint(fields=('plan', 'position'), name='priority_unique_rank_in_plan'),
        ),
        migrations.AddField(
            model_name='historicalaction_partners',
            name='action',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wards.action'),
        ),
        migrations.AddField(
            model_name='historicalaction_partners',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='wards.historicalaction'),
        ),
        migrations.AddField(
            model_name='historicalaction_partners',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='historicalforummeeting_organisations_attending',
            name='forummeeting',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wards.forummeeting'),
        ),
        migrations.AddField(
            model_name='historicalforummeeting_organisations_attending',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='wards.historicalforummeeting'),
        ),
        migrations.AddField(
            model_name='historicalforummeeting_organisations_attending',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.organisation'),
        ),
        migrations.AddField(
            model_name='historicalwardplan_wards',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='wards.historicalwardplan'),
        ),
        migrations.AddField(
            model_name='historicalwardplan_wards',
            name='ward',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wards.ward'),
        ),
        migrations.AddField(
            model_name='historicalwardplan_wards',
            name='wardplan',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='wards.wardplan'),
        ),
    ]
