from django import template

from portal.core.charts import Line, describe_change, line_chart

register = template.Library()


@register.simple_tag
def series_chart(series):
    """The series as a line chart (the table beside it carries the same numbers)."""
    values = dict(series.points())
    return line_chart([Line(series.territory, values)], sorted(values), title=str(series))


@register.simple_tag
def series_summary(series):
    """The series in one sentence: first and last value and the change between them."""
    return describe_change(series.points(), series.unit)


@register.simple_tag
def comparison_chart(lines, periods):
    return line_chart(lines, periods)


@register.filter
def date_with_precision(page):
    """A report's date as precisely as it is known: 2021, March 2021 or 11 March 2021."""
    from django.utils.formats import date_format

    if page.date is None:
        return ""
    if page.date_precision == "year":
        return str(page.date.year)
    if page.date_precision == "month":
        return date_format(page.date, "YEAR_MONTH_FORMAT")
    return date_format(page.date, "DATE_FORMAT")
