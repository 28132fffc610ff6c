"""{% section_context sections name as ctx %}: one lazily loaded section's context, when the dashboard
renders every section in place (?full=1)."""

from django import template

register = template.Library()


@register.simple_tag
def section_context(sections: dict, name: str) -> dict:
    return sections.get(name, {})
