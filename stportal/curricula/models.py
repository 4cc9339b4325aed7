from django.db import models
from django.utils.translation import gettext_lazy as _


class Regulation(models.TextChoices):
    SOSFS_2015_8 = "SOSFS 2015:8", "SOSFS 2015:8"
    HSLF_FS_2021_8 = "HSLF-FS 2021:8", "HSLF-FS 2021:8"


class Curriculum(models.Model):
    regulation = models.CharField(
        _("regulation"), max_length=20, choices=Regulation.choices, unique=True
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        ordering = ["regulation"]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """One delmål. The c-delmål have no official titles: `label` is our short label."""

    class Group(models.TextChoices):
        A = "a", _("Common goals (a)")
        B = "b", _("Common goals (b)")
        C = "c", _("Specialty goals (c)")
        BT = "bt", _("Basic training (BT)")

    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="goals", verbose_name=_("curriculum")
    )
    code = models.CharField(_("code"), max_length=10)
    group = models.CharField(_("group"), max_length=2, choices=Group.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("official title"), max_length=200, blank=True)
    label = models.CharField(_("short label (ours)"), max_length=100, blank=True)
    competence = models.TextField(_("competence requirement"))
    # Prescribed activities: a list of alternatives lists, all required, any one of each.
    activities = models.JSONField(_("prescribed activities"), default=list)
    certified_by = models.JSONField(_("certified by"), default=list)
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("goal (delmål)")
        verbose_name_plural = _("goals (delmål)")
        ordering = ["curriculum", "position"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "code"], name="goal_code_unique"),
            models.CheckConstraint(
                condition=~models.Q(title="") | ~models.Q(label=""), name="goal_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.title or self.label
