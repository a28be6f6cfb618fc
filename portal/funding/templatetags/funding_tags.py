from django import template

from portal.funding.public import group_label

register = template.Library()


@register.simple_tag(takes_context=True)
def index_standing(context, municipality):
    """The municipality's place in the current edition, with links; None outside the index."""
    from portal.core.sections import section
    from portal.funding.models import FundingIndexPage
    from portal.funding.services import current_edition
    from portal.practices.models import PracticeIndexPage

    if municipality is None or not municipality.index_group:
        return None
    edition = current_edition()
    request = context.get("request")
    index_page = section(request, FundingIndexPage)
    if edition is None or index_page is None:
        return None
    score = edition.scores.filter(municipality=municipality).first()
    if score is None:
        return None
    return {
        "edition": edition,
        "score": score,
        "group": score.group,
        "group_label": group_label(score.group),
        "index_page": index_page,
        "practices_page": section(request, PracticeIndexPage),
        "path": f"{edition.year}/v{edition.version}/{municipality.code}/",
    }
