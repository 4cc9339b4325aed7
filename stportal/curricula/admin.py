from django.contrib import admin

from stportal.curricula.models import Curriculum, Goal


class GoalInline(admin.TabularInline):
    model = Goal
    fields = ("code", "title", "label", "competence")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ["name", "regulation"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "display_name", "curriculum"]
    list_filter = ["curriculum", "group"]
    search_fields = ["code", "title", "label", "competence"]
