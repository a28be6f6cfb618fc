"""Demo content written for the portal from the facts in the source documents.

Every figure and date below comes from a seed document in ../shared/seeds (named beside it
as ``seed 001`` etc.); the sentences are the portal's own.
"""

import datetime

SEED_OBSERVATORY = "001"  # Peñalolén's human-security observatory (slides)
SEED_METROPOLITAN = "002"  # Metropolitan Region security meeting
SEED_COOPERATION = "004"  # Peñalolén–Nezahualcóyotl decentralized cooperation (slides)

PENALOLEN_POPULATION = {
    # seed 001: "Proyección 270.054 habitantes", "70.065 hogares"; sources Casen 2017, Censo 2017, INE 2022
    "population": 270_054,
    "households": 70_065,
    # A registry field, not page text: given in both languages.
    "population_source": (
        "Proyección INE 2022 y Censo 2017, según el Observatorio de Seguridad Humana de "
        "Peñalolén / INE 2022 projection and 2017 Census, per Peñalolén's Human Security "
        "Observatory"
    ),
}

INSTITUTIONS = [
    {
        "slug": "penalolen",
        "title": "Municipalidad de Peñalolén",
        "kind": "municipality",
        "country": "CL",
        "municipality": "13122",
        "unit_name": "Dirección de Seguridad Humana",
        "website": "http://www.penalolen.cl/",
        "summary": (
            "Comuna del oriente de Santiago que gestiona la seguridad desde un enfoque de seguridad "
            "humana, con un observatorio propio que apoya con datos las decisiones municipales."
        ),
        "body": (
            "<p>Peñalolén tiene cerca de 270 mil habitantes repartidos en 5 macrosectores y 31 unidades "
            "vecinales. Su Dirección de Seguridad Humana entiende la seguridad más allá del delito: "
            "incluye las violencias, los conflictos y la pobreza, y combina protección desde arriba con "
            "empoderamiento desde abajo.</p>"
            "<p>Según su propio diagnóstico, el 51,6 % de la población son mujeres, el 28,1 % niños, niñas "
            "y jóvenes, el 5,6 % población migrante, el 12,64 % pertenece a pueblos originarios y el "
            "20,7 % vive en pobreza multidimensional (Casen 2017, Censo 2017, INE 2022).</p>"
        ),
    },
    {
        "slug": "nezahualcoyotl",
        "title": "Municipio de Nezahualcóyotl",
        "kind": "municipality",
        "country": "MX",
        "municipality": "15058",
        "unit_name": "Dirección de Seguridad Ciudadana",
        "website": "https://www.neza.gob.mx/",
        "summary": (
            "Municipio del Estado de México reconocido por su modelo de policía de proximidad social, "
            "construido desde 2003 para acercar la policía a la ciudadanía."
        ),
        "body": (
            "<p>En 2003 Nezahualcóyotl se propuso tres tareas: bajar la incidencia delictiva, reconstruir "
            "su corporación policial y terminar con la distancia entre policía y ciudadanía. De ahí nació "
            "un modelo de seguridad ciudadana basado en la proximidad social, que hoy cuenta con siete "
            "componentes básicos.</p>"
        ),
    },
    {
        "slug": "gobierno-de-santiago",
        "title": "Gobierno de Santiago",
        "kind": "regional_government",
        "country": "CL",
        "region": "13",
        "unit_name": "",
        "website": "",
        "summary": (
            "Gobierno regional de la Región Metropolitana, que convoca a los municipios de la región "
            "a coordinar la prevención y persecución del delito."
        ),
        "body": "",
    },
    {
        "slug": "fundacion-paz-ciudadana",
        "title": "Fundación Paz Ciudadana",
        "kind": "civil_society",
        "country": "CL",
        "region": "13",
        "unit_name": "Unidad de Justicia y Prevención",
        "website": "",
        "summary": (
            "Fundación chilena dedicada al análisis y desarrollo de programas de seguridad; apoyó la "
            "instalación del observatorio de Peñalolén en 2018."
        ),
        "body": "",
    },
]

OBSERVATORY = {
    "parent": "penalolen",
    "slug": "observatorio-de-gestion-local",
    "title": "Observatorio de Gestión Local de Peñalolén",
    "kind": "municipal",
    "founded_year": 2018,
    "restructured_year": 2021,
    "networks": "Comunidad Interamericana de Observatorios del Delito (OEA, Departamento de Seguridad Pública)",
    "awards": "2 premios internacionales de buenas prácticas por su modelo de trabajo",
    "summary": (
        "Unidad técnica municipal que apoya con datos y análisis la toma de decisiones y la gestión "
        "de la seguridad en Peñalolén; nació como Observatorio de Seguridad Humana."
    ),
    "history": (
        "<p>Se instaló en 2018 como Observatorio de Seguridad Humana, gracias a un convenio de "
        "colaboración con la Fundación Paz Ciudadana. En 2021 se reconfiguró como Observatorio de "
        "Gestión Local, con tres líneas de trabajo, indicadores internos de evaluación y productos "
        "permanentes.</p>"
    ),
    "lines_of_work": (
        "<ul><li>Información útil para otras direcciones municipales, buscando que el modelo sea "
        "transversal a la gestión local.</li>"
        "<li>Cooperación descentralizada para transferir capacidades y conocimientos entre gobiernos "
        "locales.</li>"
        "<li>Apoyo metodológico, mejora continua interna y diseño de proyectos para obtener "
        "financiamiento externo.</li></ul>"
    ),
    "work_processes": (
        "<ul><li>Focalizar recursos e información para que las acciones de la Dirección sean eficientes "
        "y eficaces.</li>"
        "<li>Registrar, administrar, visualizar y analizar de forma permanente los datos de la "
        "Dirección.</li>"
        "<li>Revisar los procesos internos de programas y proyectos para mejorar las intervenciones.</li>"
        "<li>Sistematizar experiencias y buenas prácticas para generar evidencia.</li>"
        "<li>Diseñar, acompañar la implementación y evaluar programas y proyectos.</li>"
        "<li>Analizar riesgos y oportunidades para la toma de decisiones.</li></ul>"
    ),
    "products": (
        "<ul><li>Actualización del diagnóstico comunal y del Plan comunal de seguridad humana.</li>"
        "<li>Tipología de barrios según indicadores de violencia.</li>"
        "<li>Reportes permanentes sobre mercado de drogas, violencia en torno a espacios priorizados "
        "(recintos deportivos, escuelas, áreas verdes y espacios comerciales), violencia intrafamiliar, "
        "perfiles de infractores y vulneración de derechos.</li>"
        "<li>Cartografía de denuncias de delitos y llamados al número 1461 (2021).</li></ul>"
    ),
    "lessons": (
        "<p>La profesionalización del equipo fue clave para consolidar el observatorio, junto con las "
        "alianzas estratégicas, la búsqueda permanente de recursos, una comprensión amplia de las "
        "violencias, la creatividad para suplir la falta de datos, la formación continua y la "
        "cooperación descentralizada. La falta de datos administrativos locales, un problema nacional, "
        "se abordó abriendo nuevos canales de información.</p>"
    ),
    "themes": [
        "gestion-de-informacion",
        "incidencia-delictiva",
        "percepcion-de-inseguridad",
        "mercados-de-drogas",
        "violencia-intrafamiliar",
    ],
    "approaches": ["seguridad-humana"],
}

# seed 001: "5 macrosectores", "31 Unidades vecinales".
OBSERVATORY.update(
    {
        "territory": "Comuna de Peñalolén, con análisis por macrosector y por unidad vecinal.",
        "governance": (
            "<p>Es una unidad técnica de la Dirección de Seguridad Humana de la Municipalidad de "
            "Peñalolén. Existe por una decisión política: contar con equipos profesionales que "
            "gestionen y analicen la información. Su trabajo se evalúa con metas y compromisos "
            "institucionales que se formulan como resultados anuales.</p>"
        ),
        "divisions": [
            {"level": "sector", "name": "Macrosectores", "count": 5},
            {"level": "neighbourhood_unit", "name": "Unidades vecinales", "count": 31},
        ],
    }
)

# What the observatory keeps, from the slides of seed 001 (complaints from the prosecution
# service, STOP police records, calls to the 1461 line, neighbours' perceived insecurity,
# domestic violence, the Directorate's own records). The slides name the data but not its level,
# periodicity or access: those details are ILLUSTRATIVE and each holding says so.
HOLDING_NOTE = "Nivel, periodicidad y acceso ilustrativos (demostración)"
OBSERVATORY_HOLDINGS = [
    {
        "name": "Denuncias de delitos",
        "theme": "incidencia-delictiva",
        "source": "prosecution",
        "level": "point",
        "periodicity": "monthly",
        "first_period": "",
        "access": "on_request",
    },
    {
        "name": "Hechos policiales registrados (STOP)",
        "theme": "incidencia-delictiva",
        "source": "police",
        "level": "sector",
        "periodicity": "monthly",
        "first_period": "",
        "access": "on_request",
    },
    {
        "name": "Llamados al número de seguridad y emergencia 1461",
        "theme": "percepcion-de-inseguridad",
        "source": "emergency_calls",
        "level": "point",
        "periodicity": "daily",
        "first_period": "2021",
        "access": "internal",
    },
    {
        "name": "Percepción de temor y demandas de los vecinos",
        "theme": "percepcion-de-inseguridad",
        "source": "surveys",
        "level": "neighbourhood_unit",
        "periodicity": "yearly",
        "first_period": "",
        "access": "internal",
    },
    {
        "name": "Casos de violencia intrafamiliar atendidos",
        "theme": "violencia-intrafamiliar",
        "source": "municipal_records",
        "level": "neighbourhood_unit",
        "periodicity": "monthly",
        "first_period": "",
        "access": "internal",
    },
    {
        "name": "Registros de programas y proyectos de la Dirección",
        "theme": "gestion-de-informacion",
        "source": "municipal_records",
        "level": "municipality",
        "periodicity": "monthly",
        "first_period": "",
        "access": "internal",
    },
]

# seed 001 says complaints (prosecution) and police records fell while neighbours' fear rose;
# it gives no figures. The values are ILLUSTRATIVE, shaped like that finding and labelled so.
OBSERVATORY_SERIES = [
    {
        "indicator": "Denuncias de delitos",
        "territory": "Peñalolén",
        "level": "municipality",
        "unit": "denuncias",
        "theme": "incidencia-delictiva",
        "values": [("2018", 9850), ("2019", 9420), ("2020", 7310), ("2021", 7020), ("2022", 6880)],
    },
    {
        "indicator": "Vecinos que declaran temor en su barrio",
        "territory": "Peñalolén",
        "level": "municipality",
        "unit": "%",
        "theme": "percepcion-de-inseguridad",
        "values": [("2018", 38), ("2019", 41), ("2020", 44), ("2021", 47), ("2022", 49)],
    },
]

# seed 001: "Cartografía 2: Denuncias de delitos y llamados a 1461 - 2021".
OBSERVATORY_REPORTS = [
    {
        "slug": "cartografia-denuncias-y-llamados-1461-2021",
        "title": "Cartografía de denuncias de delitos y llamados al 1461, 2021",
        "kind": "cartography",
        "date": datetime.date(2021, 1, 1),
        "date_precision": "year",
        "summary": (
            "Mapa que superpone las denuncias de delitos y los llamados de los vecinos al número "
            "de seguridad 1461 durante 2021, para ver dónde la inseguridad que se reporta no "
            "coincide con el delito denunciado."
        ),
        "body": (
            "<p>La cartografía cruza dos fuentes que el observatorio administra: las denuncias de "
            "delitos y los llamados al 1461. Mientras las denuncias y los hechos policiales "
            "disminuían, la percepción de temor aumentaba: los llamados muestran inseguridades que "
            "no aparecen en las cifras de delitos.</p>"
            "<p>El observatorio la usa para pedir nuevas aproximaciones: cuando los escenarios "
            "cambian, también deben cambiar las respuestas.</p>"
        ),
        "themes": ["incidencia-delictiva", "percepcion-de-inseguridad"],
    },
]


# seed 004: the models each municipality took from the other ("La transferencia de modelos").
PREVENTION_MODELS = [
    {
        "slug": "promocion-de-derechos-y-prevencion-social",
        "name": "Modelo de Promoción de Derechos y Prevención Social",
        "name_en": "Rights Promotion and Social Prevention Model",
        "origin": "penalolen",
        "description": (
            "Modelo de Peñalolén que combina alertas tempranas, apoyo a las familias y participación "
            "de niños, niñas y adolescentes; Nezahualcóyotl lo adoptó tras la cooperación de 2022."
        ),
        "description_en": (
            "Peñalolén's model combining early warning, support for families and the participation "
            "of children and adolescents; Nezahualcóyotl adopted it after the 2022 cooperation."
        ),
    },
    {
        "slug": "proximidad-social",
        "name": "Modelo de Seguridad Ciudadana con Proximidad Social",
        "name_en": "Citizen Security Model with Social Proximity",
        "origin": "nezahualcoyotl",
        "description": (
            "Modelo de Nezahualcóyotl, iniciado en 2003, en que la policía trabaja cerca de la "
            "comunidad para coproducir la seguridad; hoy tiene siete componentes básicos."
        ),
        "description_en": (
            "Nezahualcóyotl's model, begun in 2003, in which the police work close to the community "
            "to co-produce security; it now has seven basic components."
        ),
    },
]

# The seeds say Peñalolén's programs carry efficiency, effectiveness and quality indicators
# (seed 001) but give no values: the values below are ILLUSTRATIVE, labelled so on the page.
ILLUSTRATIVE = "Valor ilustrativo de demostración (no es un dato oficial)"

PROGRAMS = [
    {
        "parent": "penalolen",
        "slug": "plan-de-crianza-positiva",
        "title": "Plan de crianza positiva",
        "status": "active",
        "summary": (
            "Plan municipal que acompaña a madres, padres y cuidadores en pautas de crianza positiva, "
            "diseñado con apoyo del observatorio como parte de la oferta preventiva de la comuna."
        ),
        "description": (
            "<p>Para el modelo de Peñalolén, las pautas de crianza positiva son la base del trabajo "
            "preventivo y promocional con niños, niñas y adolescentes. El observatorio apoyó el diseño del "
            "plan y la incorporación de indicadores de eficiencia, eficacia y calidad.</p>"
        ),
        "themes": ["vulneracion-de-derechos"],
        "populations": ["familias", "ninos-ninas-adolescentes"],
        "approaches": ["prevencion-social", "promocion-de-derechos"],
        "levels": ["primaria"],
        "model": "promocion-de-derechos-y-prevencion-social",
        "territory": "Toda la comuna",
        "evaluations": [
            {
                "title": "Monitoreo interno con indicadores de eficiencia, eficacia y calidad",
                "design": "monitoring",
                "evaluator": "Observatorio de Gestión Local de Peñalolén",
                "evaluator_kind": "internal",
                "independent": False,
                "sample": "Familias participantes del plan en la comuna",
                "findings": (
                    "El plan se diseñó con indicadores de eficiencia, eficacia y calidad que el "
                    "observatorio sigue contra sus metas; es un seguimiento de la gestión, sin grupo "
                    "de comparación."
                ),
            }
        ],
        "indicators": [
            {
                "name": "Familias que completan el taller de crianza positiva",
                "kind": "coverage",
                "unit": "familias",
                "direction": "higher",
                "baseline": 80,
                "baseline_period": "2021",
                "values": [("2022", 100, 92), ("2023", 120, 126)],
            },
            {
                "name": "Familias que declaran mejores pautas de crianza al egreso",
                "kind": "effectiveness",
                "unit": "%",
                "direction": "higher",
                "baseline": 60,
                "baseline_period": "2021",
                "values": [("2022", 70, 66), ("2023", 75, 71)],
            },
        ],
    },
    {
        "parent": "penalolen",
        "slug": "numero-de-seguridad-1461",
        "title": "Número de seguridad y emergencia 1461",
        "status": "active",
        "summary": (
            "Servicio telefónico municipal de seguridad y emergencia; sus llamados alimentan la "
            "cartografía de demandas de los vecinos que elabora el observatorio."
        ),
        "description": (
            "<p>El observatorio acompañó el diseño y la mejora continua del servicio. En 2021 cruzó los "
            "llamados al 1461 con las denuncias de delitos para mostrar que la inseguridad que reportan "
            "los vecinos no siempre coincide con los delitos denunciados.</p>"
        ),
        "themes": ["percepcion-de-inseguridad", "espacios-publicos"],
        "populations": ["vecinos"],
        "approaches": ["prevencion-situacional"],
        "levels": ["primaria"],
        "territory": "Toda la comuna: 5 macrosectores y 31 unidades vecinales",
        "indicators": [
            {
                "name": "Llamados al 1461 atendidos dentro del tiempo comprometido",
                "kind": "quality",
                "unit": "%",
                "direction": "higher",
                "baseline": 85,
                "baseline_period": "2021",
                "values": [("2022", 90, 91), ("2023", 92, 94)],
            },
        ],
    },
    {
        "parent": "penalolen",
        "slug": "servicio-de-vigilancia-preventiva",
        "title": "Servicio de vigilancia preventiva",
        "status": "active",
        "summary": (
            "Patrullaje municipal preventivo rediseñado con apoyo del observatorio y, tras la "
            "cooperación con Nezahualcóyotl, orientado a la proximidad social."
        ),
        "description": (
            "<p>El observatorio lideró el rediseño del servicio. La pasantía en Nezahualcóyotl aportó el "
            "modelo de agentes preventivos de proximidad social que Peñalolén incorporó después.</p>"
        ),
        "themes": ["espacios-publicos", "confianza-en-la-policia"],
        "populations": ["vecinos"],
        "approaches": ["proximidad-policial", "prevencion-situacional"],
        "levels": ["primaria"],
        "model": "proximidad-social",
        "territory": "Toda la comuna",
        "indicators": [
            {
                "name": "Tiempo medio de respuesta a requerimientos vecinales",
                "kind": "efficiency",
                "unit": "minutos",
                "direction": "lower",
                "baseline": 25,
                "baseline_period": "2021",
                "values": [("2022", 20, 23), ("2023", 18, 21)],
            },
        ],
    },
    {
        "parent": "penalolen",
        "slug": "construyendo-a-tiempo-en-comunidad",
        "title": "Construyendo a tiempo en comunidad",
        "status": "active",
        "summary": (
            "Programa comunitario de prevención con niños, niñas y adolescentes que acumula 14 años "
            "de experiencia local en Peñalolén."
        ),
        "description": (
            "<p>Trabaja con familias y barrios para detectar a tiempo los factores de riesgo y promover "
            "los derechos de niños, niñas y adolescentes. Su experiencia está sistematizada en un manual "
            "y Nezahualcóyotl lo adaptó tras la cooperación entre ambos municipios.</p>"
        ),
        "themes": ["vulneracion-de-derechos"],
        "populations": ["ninos-ninas-adolescentes", "familias"],
        "approaches": ["prevencion-comunitaria", "alerta-temprana", "promocion-de-derechos"],
        "levels": ["primaria", "secundaria"],
        "model": "promocion-de-derechos-y-prevencion-social",
    },
    {
        "parent": "nezahualcoyotl",
        "slug": "procuraduria-del-adulto-mayor",
        "title": "Procuraduría del Adulto Mayor",
        "status": "active",
        "summary": (
            "Oficina municipal de defensa de las personas mayores instalada en Nezahualcóyotl como "
            "resultado del intercambio con Peñalolén."
        ),
        "description": "",
        "themes": ["vulneracion-de-derechos"],
        "populations": ["personas-mayores"],
        "approaches": ["promocion-de-derechos"],
        "levels": ["secundaria"],
        "model": "promocion-de-derechos-y-prevencion-social",
    },
    {
        "parent": "nezahualcoyotl",
        "slug": "catc-nezahualcoyotl",
        "title": "Programa CATC en Nezahualcóyotl",
        "status": "active",
        "summary": (
            "Adaptación en Nezahualcóyotl del programa comunitario «Construyendo a tiempo en comunidad» "
            "de Peñalolén, transferido mediante el proyecto de cooperación."
        ),
        "description": "",
        "themes": ["vulneracion-de-derechos"],
        "populations": ["ninos-ninas-adolescentes", "familias"],
        "approaches": ["prevencion-comunitaria", "promocion-de-derechos"],
        "levels": ["primaria"],
        "model": "promocion-de-derechos-y-prevencion-social",
    },
]

PRACTICES = [
    {
        "parent": "penalolen",
        "slug": "modelo-promocion-de-derechos-y-prevencion-social",
        "title": "Modelo Peñalolén de Promoción de Derechos y Prevención Social",
        "status": "running",
        "summary": (
            "Política local que fortalece el sistema de protección de derechos de niños, niñas y "
            "juventudes mediante tres ejes: prevención social, calidad de vida y participación."
        ),
        "problem": (
            "<p>Hay factores de riesgo estructurales que afectan el bienestar de niños, niñas, "
            "adolescentes, mujeres y familias. Invertir en prevención resulta más barato que invertir en "
            "control y encarcelamiento, aunque sus resultados se vean a mediano y largo plazo.</p>"
        ),
        "general_objective": "Fortalecer el sistema local de protección de derechos de niños, niñas y juventudes.",
        "objectives": (
            "<ul><li>Detectar a tiempo a niños, niñas y adolescentes en riesgo mediante alertas tempranas.</li>"
            "<li>Apoyar a las familias y a los adultos responsables del desarrollo de sus hijos.</li>"
            "<li>Fomentar la participación incidente de niños, niñas y adolescentes.</li></ul>"
        ),
        "territory": "Toda la comuna: 5 macrosectores y 31 unidades vecinales",
        "risk_factors": "Factores de riesgo estructurales que afectan el bienestar de la población priorizada.",
        "success_factors": (
            "<ul><li>Voluntad política para sostener el cambio de paradigma.</li>"
            "<li>Trabajo en red, transversal e intersectorial.</li>"
            "<li>Planes comunales y normativa local que respaldan el modelo.</li></ul>"
        ),
        "recommendations": (
            "<ul><li>Buscar apoyo político y recursos antes de postular iniciativas de cooperación.</li>"
            "<li>Sistematizar y publicar la experiencia para que otros gobiernos locales la conozcan.</li></ul>"
        ),
        "contact_role": "Dirección de Seguridad Humana, Municipalidad de Peñalolén",
        "evaluations": [
            {
                "title": "Monitoreo interno del modelo de prevención",
                "design": "monitoring",
                "evaluator": "Observatorio de Gestión Local de Peñalolén",
                "evaluator_kind": "internal",
                "independent": False,
                "findings": "Metas y compromisos anuales con indicadores internos de evaluación.",
            }
        ],
        "how_it_works": (
            "<ul><li><b>Prevención social</b>: un sistema de alertas tempranas y programas de prevención "
            "y promoción de derechos.</li>"
            "<li><b>Calidad de vida</b>: componentes familiares y barriales que apoyan a los adultos "
            "responsables del desarrollo de sus hijos.</li>"
            "<li><b>Participación</b>: participación incidente de niños, niñas y adolescentes en la "
            "construcción de ciudadanía.</li></ul>"
            "<p>El modelo trabaja en red, de forma transversal e intersectorial, y se apoya en planes "
            "comunales y normativa local.</p>"
        ),
        "results": (
            "<p>Nezahualcóyotl adoptó el modelo tras las pasantías de 2022 y lo tomó como base para su "
            "propio modelo de prevención social y promoción de derechos.</p>"
        ),
        "lessons": (
            "<ul><li>Las alertas tempranas son clave para prevenir el delito.</li>"
            "<li>La voluntad política es indispensable para cambiar paradigmas.</li>"
            "<li>La planificación, el monitoreo y la evaluación, apoyados por el observatorio, son una de "
            "las principales fortalezas del modelo.</li></ul>"
        ),
        "themes": ["vulneracion-de-derechos"],
        "populations": ["ninos-ninas-adolescentes", "mujeres", "familias"],
        "approaches": ["prevencion-social", "promocion-de-derechos", "alerta-temprana"],
        "levels": ["primaria"],
    },
    {
        "parent": "penalolen",
        "slug": "ciudadania-deportiva",
        "title": "Proyecto Ciudadanía Deportiva",
        "status": "finished",
        "summary": (
            "Proyecto que usa el deporte y los recintos deportivos como espacios de convivencia y "
            "prevención de la violencia; su experiencia quedó registrada en un manual."
        ),
        "problem": (
            "<p>Los recintos deportivos están entre los espacios priorizados en los que el observatorio "
            "sigue de forma permanente los hechos de violencia.</p>"
        ),
        "themes": ["deporte", "espacios-publicos"],
        "populations": ["jovenes", "vecinos"],
        "approaches": ["prevencion-social", "prevencion-comunitaria"],
        "levels": ["primaria"],
    },
    {
        "parent": "penalolen",
        "slug": "agentes-preventivos-de-proximidad-social",
        "title": "Modelo de agentes preventivos de proximidad social",
        "status": "running",
        "summary": (
            "Adaptación en Peñalolén del modelo de proximidad social de Nezahualcóyotl: agentes "
            "municipales que trabajan junto a la comunidad para resolver problemas del territorio."
        ),
        "how_it_works": (
            "<p>Toma de Nezahualcóyotl la proximidad como motor de cambio (más cercanía y más confianza, "
            "menos percepción de inseguridad), las mesas de trabajo permanentes de coordinación, las "
            "convocatorias ágiles ante problemas comunitarios y la rendición de cuentas permanente.</p>"
        ),
        "adapted_from": ("nezahualcoyotl", "modelo-de-proximidad-social"),
        "adaptation_notes": (
            "Peñalolén llevó el enfoque de proximidad social de Nezahualcóyotl a sus agentes "
            "preventivos municipales, con mesas de coordinación y rendición de cuentas."
        ),
        "themes": ["confianza-en-la-policia", "percepcion-de-inseguridad"],
        "populations": ["vecinos"],
        "approaches": ["proximidad-policial", "prevencion-comunitaria"],
        "levels": ["primaria"],
    },
    {
        "parent": "penalolen",
        "slug": "practica-plan-de-crianza-positiva",
        "title": "Plan de crianza positiva: diseño con indicadores de calidad",
        "status": "running",
        "summary": (
            "Cómo Peñalolén diseñó su plan de crianza positiva con el observatorio, incorporando "
            "indicadores de eficiencia, eficacia y calidad desde el inicio."
        ),
        "problem": (
            "<p>Las pautas de crianza son una base del trabajo preventivo con niños, niñas y "
            "adolescentes, pero la oferta municipal no medía si sus servicios cumplían sus fines.</p>"
        ),
        "how_it_works": (
            "<p>El observatorio apoyó el diseño del servicio y su mejora continua, y definió "
            "indicadores de eficiencia, eficacia y calidad para la oferta de la Dirección.</p>"
        ),
        "themes": ["vulneracion-de-derechos"],
        "populations": ["familias", "ninos-ninas-adolescentes"],
        "approaches": ["prevencion-social"],
        "levels": ["primaria"],
    },
    {
        "parent": "nezahualcoyotl",
        "slug": "modelo-de-proximidad-social",
        "title": "Modelo de seguridad ciudadana con proximidad social",
        "status": "running",
        "start_year": 2003,
        "summary": (
            "Modelo policial que reemplazó la vigilancia tradicional por la proximidad social: la "
            "policía trabaja directamente con la comunidad y la seguridad se coproduce."
        ),
        "problem": (
            "<p>En 2003 el municipio enfrentaba una alta incidencia delictiva, una corporación policial "
            "que debía reconstruirse y una profunda distancia entre policía y ciudadanía.</p>"
        ),
        "how_it_works": (
            "<p>Policías de proximidad orientados a la solución de problemas actúan como facilitadores "
            "de la convivencia, vinculan a autoridades y ciudadanía y generan información útil para la "
            "investigación, mientras se aísla y debilita a las organizaciones criminales.</p>"
        ),
        "results": (
            "<p>En la Encuesta Nacional de Seguridad Urbana de marzo de 2023 (INEGI), 7 de cada 10 "
            "habitantes dijeron confiar en su policía municipal, la más confiable de la Zona "
            "Metropolitana del Valle de México y la 6.ª a nivel nacional; 6 de cada 10 la consideraron "
            "efectiva.</p>"
        ),
        "territory": "Todo el municipio",
        "emmie_mechanism": (
            "La policía trabaja directamente con la comunidad y resuelve problemas con ella: la "
            "confianza que gana facilita la convivencia y da información para la investigación."
        ),
        "emmie_implementation": (
            "Una corporación policial municipal reconstruida hacia la proximidad, con el vínculo "
            "entre autoridades y ciudadanía como parte del trabajo diario."
        ),
        "evaluations": [
            {
                "title": "Encuesta Nacional de Seguridad Urbana (ENSU), marzo de 2023",
                "design": "monitoring",
                "year": 2023,
                "evaluator": "Instituto Nacional de Estadística y Geografía (INEGI)",
                "evaluator_kind": "external",
                "independent": True,
                "sample": "Población adulta de Nezahualcóyotl en la muestra urbana de la ENSU",
                "findings": (
                    "Una medición de percepción en un solo momento, sin grupo de comparación: dice "
                    "cuánto confía la población en su policía municipal, no cuánto cambió por el "
                    "modelo."
                ),
                "citation": (
                    "INEGI (2023). Encuesta Nacional de Seguridad Urbana (ENSU), primer trimestre "
                    "de 2023."
                ),
                "outcomes": [
                    {
                        "theme": "confianza-en-la-policia",
                        "measure": "Habitantes que confían en su policía municipal",
                        "effect_size": "7 de cada 10",
                    },
                    {
                        "theme": "confianza-en-la-policia",
                        "measure": "Habitantes que consideran efectiva a su policía municipal",
                        "effect_size": "6 de cada 10 (promedio nacional: 45,6 %)",
                    },
                ],
            }
        ],
        "outcomes": [
            {
                "indicator": "Habitantes que confían en su policía municipal",
                "result": "7 de cada 10",
                "period": "marzo de 2023",
                "source": "Encuesta Nacional de Seguridad Urbana (ENSU), INEGI",
            },
            {
                "indicator": "Habitantes que consideran efectiva a su policía municipal",
                "result": "6 de cada 10 (promedio nacional: 45,6 %)",
                "period": "marzo de 2023",
                "source": "Encuesta Nacional de Seguridad Urbana (ENSU), INEGI",
            },
        ],
        "themes": ["confianza-en-la-policia", "crimen-organizado"],
        "populations": ["vecinos", "policias"],
        "approaches": ["proximidad-policial", "prevencion-comunitaria"],
        "levels": ["primaria"],
    },
]

MANUALS = [
    {
        "parent": "penalolen",
        "slug": "manual-ciudadania-deportiva",
        "title": "Manual del proyecto Ciudadanía Deportiva",
        "summary": "Guía para replicar el proyecto Ciudadanía Deportiva de Peñalolén en otra comuna.",
        "chapters": [
            (
                "Qué es Ciudadanía Deportiva",
                "<p>El deporte como espacio de encuentro y de prevención.</p>",
            ),
            (
                "Cómo replicarlo",
                "<p>Pasos, equipos y alianzas necesarias para instalar el proyecto.</p>",
            ),
        ],
        "themes": ["deporte"],
        "populations": ["jovenes"],
    },
    {
        "parent": "penalolen",
        "slug": "manual-construyendo-a-tiempo-en-comunidad",
        "title": "Manual del programa Construyendo a tiempo en comunidad",
        "summary": "Sistematiza 14 años de experiencia local del programa comunitario de Peñalolén.",
        "chapters": [
            (
                "Origen y enfoque",
                "<p>Un programa comunitario centrado en niños, niñas y adolescentes.</p>",
            ),
            (
                "Lo aprendido en 14 años",
                "<p>Qué funcionó, qué se ajustó y qué recomienda el equipo.</p>",
            ),
        ],
        "themes": ["vulneracion-de-derechos"],
        "populations": ["ninos-ninas-adolescentes", "familias"],
    },
    {
        "parent": "penalolen",
        "slug": "sistematizacion-proyecto-chile-mexico",
        "title": "Sistematización del proyecto internacional Chile–México",
        "summary": (
            "Propuestas de modelos dialogantes de prevención de las violencias y el delito y de "
            "proximidad social policial, a partir del intercambio entre Peñalolén y Nezahualcóyotl."
        ),
        "chapters": [
            (
                "Lo que se transfirió",
                "<p>Un modelo de proximidad social para Peñalolén y uno de prevención social y promoción "
                "de derechos para Nezahualcóyotl.</p>",
            ),
        ],
        "themes": ["cooperacion-descentralizada"],
        "populations": ["funcionarios-municipales"],
    },
]

FUND = {
    "slug": "fondo-chile-mexico",
    "title": "Fondo de Cooperación Chile–México",
    "year_created": 2016,
    "countries": ["CL", "MX"],
    "summary": (
        "Fondo binacional que financia proyectos de cooperación entre instituciones de Chile y México, "
        "entre ellos proyectos de cooperación descentralizada entre municipios."
    ),
    "description": (
        "<p>Las ciudades que lo han usado lo consideran una buena práctica regional: permite que dos "
        "gobiernos locales de distintos países trabajen juntos y transfieran sus modelos.</p>"
    ),
}

PROJECT = {
    "slug": "coproduccion-de-seguridad-en-el-ambito-local",
    "title": "Coproducción de Seguridad en el ámbito local: transferencia y colaboración técnica para la Seguridad Humana",
    "status": "finished",
    "lead": "penalolen",
    "partners": ["nezahualcoyotl"],
    "agreement_year": 2017,
    "planned_start": datetime.date(2020, 3, 1),
    "municipalities_reached": 87,
    "online_participants": 1500,
    "summary": (
        "Proyecto financiado por el Fondo de Cooperación Chile–México en el que Peñalolén y "
        "Nezahualcóyotl intercambiaron sus modelos de prevención social y de proximidad policial."
    ),
    "general_objective": (
        "Fortalecer las capacidades técnicas de los equipos municipales de seguridad de Peñalolén y "
        "Nezahualcóyotl en prevención y proximidad social, intercambiando metodologías y experiencias."
    ),
    "specific_objectives": (
        "<ol><li>Instalar capacidades mediante el intercambio de experiencias, el fortalecimiento "
        "institucional y componentes formativos.</li>"
        "<li>Sistematizar las iniciativas replicables y la forma de operar de los intercambios.</li>"
        "<li>Difundir la experiencia de cooperación a otros gobiernos locales de México y Chile.</li></ol>"
    ),
    "disruptions": (
        "<p>El proyecto debía comenzar en marzo de 2020, pero la pandemia obligó a postergar las "
        "pasantías y a adaptar el plan; los intercambios presenciales se realizaron en 2022.</p>"
    ),
    "outcomes": (
        "<ul><li>Modelo de proximidad social para Peñalolén (agentes preventivos de proximidad social).</li>"
        "<li>Modelo de prevención social y promoción de derechos para Nezahualcóyotl.</li>"
        "<li>Instalación de la Procuraduría del Adulto Mayor y del programa CATC en Nezahualcóyotl.</li>"
        "<li>Sistematización de la experiencia de intercambio de conocimientos y herramientas.</li>"
        "<li>87 municipios chilenos y mexicanos participaron presencialmente en las actividades de "
        "difusión, y más de 1.500 personas lo hicieron en línea.</li></ul>"
    ),
    "themes": ["cooperacion-descentralizada", "confianza-en-la-policia"],
    "populations": ["funcionarios-municipales", "policias"],
    "approaches": ["proximidad-policial", "prevencion-social", "promocion-de-derechos"],
    # seed 004, "La transferencia de modelos": what each municipality took from the other. The
    # state of adoption is the portal's reading of the slides ("instalación" of an office reads
    # as institutionalized; a model "para" a municipality that now runs it, as adopted).
    "transfers": [
        {
            "name": "Modelo de proximidad social policial (agentes preventivos de proximidad social)",
            "from": "nezahualcoyotl",
            "to": "penalolen",
            "state": "adopted",
            "model": "proximidad-social",
            "practice": ("penalolen", "agentes-preventivos-de-proximidad-social"),
            "program": ("penalolen", "servicio-de-vigilancia-preventiva"),
        },
        {
            "name": "Modelo de promoción de derechos y prevención social",
            "from": "penalolen",
            "to": "nezahualcoyotl",
            "state": "adopted",
            "model": "promocion-de-derechos-y-prevencion-social",
            "practice": ("penalolen", "modelo-promocion-de-derechos-y-prevencion-social"),
        },
        {
            "name": "Procuraduría (Defensoría) del Adulto Mayor",
            "from": "penalolen",
            "to": "nezahualcoyotl",
            "state": "institutionalized",
            "program": ("nezahualcoyotl", "procuraduria-del-adulto-mayor"),
        },
        {
            "name": "Programa comunitario CATC",
            "from": "penalolen",
            "to": "nezahualcoyotl",
            "state": "adopted",
            "program": ("nezahualcoyotl", "catc-nezahualcoyotl"),
        },
    ],
    "activities": [
        {
            "kind": "internship",
            "title": "Pasantía de Nezahualcóyotl en Peñalolén y Seminario internacional de Prevención Social",
            "host": "penalolen",
            "visitors": ["nezahualcoyotl"],
            "start_date": datetime.date(2022, 3, 21),
            "end_date": datetime.date(2022, 3, 25),
            "place": "Peñalolén, Santiago de Chile",
            "learned": (
                "El equipo de Nezahualcóyotl conoció el modelo de promoción de derechos y prevención "
                "social, con su enfoque transversal e intersectorial y sus alertas tempranas."
            ),
        },
        {
            "kind": "congress",
            "title": "Pasantía de Peñalolén y Congreso Internacional de Proximidad Social",
            "host": "nezahualcoyotl",
            "visitors": ["penalolen"],
            "start_date": datetime.date(2022, 7, 25),
            "end_date": datetime.date(2022, 7, 29),
            "place": "Nezahualcóyotl, Estado de México",
            "learned": (
                "El equipo de Peñalolén vio en terreno la proximidad social como motor de cambio: más "
                "cercanía, más confianza y menos percepción de inseguridad."
            ),
        },
        {
            "kind": "seminar",
            "title": "Pasantía 2 y Seminario «Promoviendo la cultura de la prevención en espacios locales»",
            "host": "penalolen",
            "visitors": ["nezahualcoyotl"],
            "start_date": datetime.date(2022, 10, 23),
            "end_date": datetime.date(2022, 10, 26),
            "place": "Peñalolén, Santiago de Chile",
            "learned": (
                "Se profundizó en la prevención primaria con programas integrales y en la planificación, "
                "monitoreo y evaluación apoyados por el observatorio."
            ),
        },
        {
            "kind": "internship",
            "title": "Pasantía 2 de Peñalolén en Nezahualcóyotl",
            "host": "nezahualcoyotl",
            "visitors": ["penalolen"],
            "start_date": datetime.date(2022, 11, 6),
            "end_date": datetime.date(2022, 11, 11),
            "place": "Nezahualcóyotl, Estado de México",
            "learned": (
                "Peñalolén conoció las mesas de trabajo permanentes de coordinación y la rendición de "
                "cuentas de la policía de proximidad."
            ),
        },
    ],
}

METROPOLITAN_MEETING = {
    "parent": "gobierno-de-santiago",
    "slug": "encuentro-por-la-seguridad-region-metropolitana",
    "title": "Encuentro por la Seguridad de la Región Metropolitana",
    "organizers": "Gobierno de Santiago, Fundación Paz Ciudadana y Ministerio Público",
    "place": "San Alfonso, San José de Maipo",
    "municipality": "13203",
    "municipalities_reached": 52,
    "participants": (
        "Directores y directoras de seguridad de las 52 comunas de la Región Metropolitana, junto a "
        "instituciones académicas, organizaciones y fundaciones que analizan y desarrollan programas "
        "de seguridad."
    ),
    "summary": (
        "Jornada en la que los equipos de seguridad de las 52 comunas de la Región Metropolitana "
        "compartieron experiencias y buenas prácticas de prevención y persecución del delito."
    ),
    "objectives": (
        "<p>Abrir un espacio para intercambiar experiencias, conocimiento y buenas prácticas, y "
        "mejorar la colaboración entre las autoridades metropolitanas.</p>"
    ),
    "conclusions": (
        "<ul><li>El reto común es devolver la ciudad a las personas, colaborando entre quienes "
        "previenen y quienes persiguen el delito, con una lógica descentralizada.</li>"
        "<li>Hay que coordinar niveles de gobierno, policías, fiscalías y organizaciones sociales, y "
        "usar los datos para focalizar recursos, a través de observatorios que midan la evolución del "
        "delito y el impacto de las intervenciones.</li>"
        "<li>Los programas para personas mayores, víctimas de violencia intrafamiliar y mediación "
        "responden a problemas compartidos y piden soluciones conjuntas y escalables.</li></ul>"
    ),
    "themes": ["espacios-publicos", "gestion-de-informacion", "violencia-intrafamiliar"],
    "populations": ["personas-mayores", "victimas", "funcionarios-municipales"],
    "approaches": ["mediacion", "prevencion-social"],
}
