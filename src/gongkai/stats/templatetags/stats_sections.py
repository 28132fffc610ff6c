"""{% section_context sections name as ctx %}: one section's context among those the page built (the first
screen's sections, and with ?full=1 every section in place); {} for one loaded by its own request."""

from django import template

register = template.Library()


@register.simple_tag
def section_context(sections: dict, name: str) -> dict:
    return sections.get(name, {})
