//! Spanish (español), the original service's home market.

use super::Lang;
use super::plural::{Plural, plural};
use super::texts::{LandingTexts, Texts};

/// `1 tarea`, `2 tareas`, `1000000 de tareas`.
fn tareas(n: u64) -> String {
    match plural(Lang::Es, n) {
        Plural::One => "1 tarea".into(),
        Plural::Many => format!("{n} de tareas"),
        Plural::Other => format!("{n} tareas"),
    }
}

pub const LANDING: LandingTexts = LandingTexts {
    app_name: "City Tasks",
    skip_to_content: "Saltar al contenido principal",
    menu_label: "Principal",
    menu_login: "Iniciar sesión",
    language_label: "Idioma",
    sign_in_failed: "No se ha completado el inicio de sesión",
    hero_title: "Tareas programadas para los dispositivos de tu ciudad",
    hero_text: "Planifica cuándo funcionan luces, bombas y sensores: elige la hora y los días, y City Tasks se encarga del resto.",
    get_started: "Inicia sesión para empezar",
    browser_random: "Este navegador no ha podido generar números aleatorios seguros.",
    browser_open_sign_in: "Este navegador no ha podido abrir la página de inicio de sesión.",
    browser_store_request: "Este navegador no ha podido guardar la solicitud de inicio de sesión. ¿Tienes bloqueado el almacenamiento para este sitio (ventana privada)?",
};

pub const ES: Texts = Texts {
    loading_app: "Cargando City Tasks…",
    menu_tasks: "Tareas",
    back_to_list: "Todas las tareas",
    menu_sign_out: "Cerrar sesión",
    menu_welcome: "Hola,",
    signed_in_fallback: "Sesión iniciada",
    home_link: "Inicio",
    dismiss: "Cerrar",
    try_again: "Reintentar",
    cancel: "Cancelar",
    unsaved_question: "Tienes cambios sin guardar. ¿Salir de esta página y perderlos?",
    no_value: "—",

    signing_in: "Iniciando sesión…",
    welcome_back: |name| format!("Hola de nuevo, {name}"),
    tasks_waiting: "Tus tareas programadas te esperan.",
    open_tasks: "Abrir tus tareas",

    checking_session: "Comprobando tu sesión…",
    taking_to_sign_in: "Te llevamos a iniciar sesión…",
    session_ended: "Sesión terminada",
    signed_out_elsewhere: "Has cerrado la sesión en otra pestaña.",
    session_expired: "Tu sesión ha caducado. Vuelve a iniciar sesión para seguir donde lo dejaste.",
    sign_in_again: "Volver a iniciar sesión",

    sign_in_not_completed_because: |why| format!("No se ha completado el inicio de sesión: {why}"),
    sign_in_cancelled: "Se ha cancelado el inicio de sesión o se ha denegado el acceso.",
    sign_in_service_problem: "El servicio de inicio de sesión ha tenido un problema. Inténtalo de nuevo en un momento.",
    sign_in_not_completed_code: |code| format!("No se ha completado el inicio de sesión ({code})."),
    sign_in_unreachable: "No se ha podido contactar con el servicio de inicio de sesión. Comprueba tu conexión e inténtalo de nuevo.",
    sign_in_code_expired: "Este código de inicio de sesión ha caducado o ya se ha usado. Vuelve a iniciar sesión.",
    sign_in_refused: |error| {
        format!("El servicio de inicio de sesión ha rechazado la solicitud ({error}).")
    },
    sign_in_unusable_answer: "El servicio de inicio de sesión ha enviado una respuesta que esta aplicación no puede usar.",
    // The reason is technical detail in English, so it goes in brackets.
    sign_in_not_verified: |reason| {
        format!("No se ha podido verificar tu inicio de sesión ({reason}).")
    },
    browser_store_session: "Este navegador no ha podido guardar la sesión. ¿Tienes bloqueado el almacenamiento para este sitio (ventana privada)?",

    error_401_title: "Inicia sesión",
    error_401_text: "Tu sesión ha terminado o no llegó a empezar. Vuelve a iniciar sesión para ver tus tareas.",
    error_403_title: "No tienes acceso",
    error_403_text: "Tu cuenta no puede ver ni cambiar esto. Pide acceso a un administrador si lo necesitas.",
    error_500_title: "Algo ha fallado",
    error_500_text: "El servicio de tareas ha tenido un problema con esa solicitud. Tus datos están a salvo; inténtalo de nuevo en un momento.",
    error_503_title: "El servicio no está disponible",
    error_503_text: "City Tasks no puede contactar ahora con el servicio de tareas. Comprueba tu conexión e inténtalo de nuevo.",
    error_404_title: "Página no encontrada",
    error_404_text: "No hay nada en esta dirección. Puede que se haya movido o que el enlace esté mal escrito.",
    go_to_sign_in: "Ir a iniciar sesión",
    back_to_tasks: "Volver a tus tareas",
    try_tasks_again: "Volver a cargar tus tareas",
    config_setup: "Configuración",
    config_title: "City Tasks no está bien configurado",
    config_fix_field: "Corrige el campo",
    config_fix_in_file: "en config.json y recarga la página.",
    config_tell_admin: "Si no administras este sitio, avisa de este mensaje a quien lo administre.",
    panic_title: "Algo ha fallado.",
    panic_text: "City Tasks ha tenido un problema del que no puede recuperarse. Tus tareas guardadas están a salvo; se han perdido los cambios sin guardar de esta página.",
    reload: "Recargar",
    new_version_title: "Hay una versión nueva de City Tasks",
    new_version_text: "No se ha podido cargar esta página porque City Tasks se ha actualizado mientras estaba abierta. Recarga para usar la versión nueva; tus tareas guardadas están a salvo.",

    api_unreachable: "No se ha podido contactar con el servicio de tareas. Comprueba tu conexión e inténtalo de nuevo.",
    api_session_expired: "Tu sesión ha caducado. Vuelve a iniciar sesión.",
    api_forbidden: "No tienes permiso para hacer eso.",
    api_not_found: "Esa tarea no existe o se ha eliminado.",
    api_rejected: "El servicio de tareas no ha aceptado la solicitud.",
    api_server: "El servicio de tareas ha tenido un problema. Inténtalo de nuevo más tarde.",
    api_unreadable: "El servicio de tareas ha enviado una respuesta que esta aplicación no puede leer.",
    api_damaged_task: |problem| {
        format!(
            "Los datos guardados de esta tarea están incompletos o dañados ({problem}); pide a quien gestiona el servicio de tareas que los revise."
        )
    },

    tasks_heading: "Tareas",
    search_placeholder: "Buscar nombre, día u hora",
    search_label: "Buscar tareas por nombre, día u hora",
    new_task: "Nueva tarea",
    loading_tasks: "Cargando tus tareas…",
    tasks_not_loaded: "No se han podido cargar tus tareas.",
    task_count: tareas,
    tasks_shown_of: |shown, total| format!("{shown} de {}", tareas(total)),
    unshown_title: |n| match plural(Lang::Es, n) {
        Plural::One => "1 tarea no se puede mostrar.".into(),
        _ => format!("{} no se pueden mostrar.", tareas(n)),
    },
    unshown_text: "Sus datos guardados están incompletos o dañados; pide a quien gestiona el servicio de tareas que los revise.",
    unshown_task: |id, problem| format!("Tarea {id}: {problem}"),
    unshown_without_id: |problem| format!("Una tarea sin id: {problem}"),
    unshown_more: |n| format!("y {n} más"),
    empty_title: "Aún no hay tareas",
    empty_text: "Crea tu primera tarea programada: elige una hora y los días en que se ejecuta, y City Tasks hace el resto.",
    empty_create: "Crear tu primera tarea",
    no_match: "Ninguna tarea coincide con tu búsqueda. Prueba con un nombre, un día como «lun» o una hora como «8».",
    edit_named: |name| format!("Editar {name}"),
    delete_named: |name| format!("Eliminar {name}"),

    problem_not_a_task: "no es una tarea",
    problem_id: "su id no es un número",
    problem_name: "no tiene nombre",
    problem_hour: "su hora no está entre 0 y 23",
    problem_minute: "su minuto no está entre 0 y 59",
    problem_days: "sus días no son una lista de códigos de día",

    no_days: "Ningún día",
    every_day: "Todos los días",
    weekdays: "De lunes a viernes",
    weekends: "Fines de semana",
    days_until: |days, date| format!("{days} · hasta el {date}"),
    zone_city_time: |city| format!("hora de {city}"),
    your_time: |time| format!("{time} (tu hora)"),
    your_time_next_day: |time| format!("{time} del día siguiente (tu hora)"),
    your_time_previous_day: |time| format!("{time} del día anterior (tu hora)"),
    your_time_other_day: |time| format!("{time} de otro día (tu hora)"),
    in_minutes: |n| format!("en {n} min"),
    in_hours: |n| format!("en {n} h"),
    today_at: |time| format!("hoy, {time}"),
    tomorrow_at: |time| format!("mañana, {time}"),
    day_at: |day, time| format!("{day}, {time}"),
    date_at: |date, time| format!("{date}, {time}"),
    next_run_at: |when| format!("Próxima ejecución: {when}"),
    run_ended: "Terminada",
    run_never: "Nunca se ejecuta",
    run_paused: "En pausa: inactiva",
    dst_skipped: |day, time| {
        format!("No se ejecuta el {day}: esa noche los relojes se saltan la hora {time}.")
    },
    dst_repeated: |time| {
        format!(
            "Esa noche, al atrasar los relojes, la hora {time} se repite; el programador ejecuta la tarea una sola vez, la segunda."
        )
    },

    loading_task: "Cargando la tarea…",
    task_not_loaded: "No se ha podido cargar esta tarea.",
    no_end_date: "Sin fecha de fin",
    until_end_of_day: |date, zone| format!("{date}, al final del día, {zone}"),
    at_your_time: |at| format!("{at} (tu hora)"),
    edit: "Editar",
    delete: "Eliminar",
    next_run: "Próxima ejecución",
    days: "Días",
    until: "Hasta",
    description: "Descripción",
    no_description: "Sin descripción",
    job_id: "ID del trabajo",
    created: "Creada",
    last_changed: "Último cambio",
    device: "Dispositivo",
    action: "Acción",
    status: "Estado",
    turns_on: "Enciende el dispositivo",
    turns_off: "Apaga el dispositivo",
    status_active: "Activa",
    status_inactive: "Inactiva",

    deleted: |name| format!("Se ha eliminado «{name}»."),
    could_not_delete: |error| format!("No se ha podido eliminar: {error}"),
    delete_question: |name| format!("¿Eliminar «{name}»?"),
    delete_warning: |name| format!("«{name}» dejará de ejecutarse y no se podrá recuperar."),
    delete_task: "Eliminar tarea",
    deleting: "Eliminando…",

    edit_task: "Editar tarea",
    saved: |name| format!("Se ha guardado «{name}»."),
    job_word: "Trabajo",
    created_word: "creada:",
    unknown: "fecha desconocida",
    time_zone_hint: |zone| {
        format!("Zona horaria: {zone}, la que usa el programador para ejecutar las tareas.")
    },
    that_is: |time| format!("Es decir, {time}."),
    until_hint: |zone| format!("La tarea se ejecuta hasta el final de este día, {zone}."),
    not_saved: "La tarea no se ha guardado.",
    still_here: "Todo lo que has escrito sigue aquí. Vuelve a guardar.",
    name: "Nombre",
    optional: "(opcional)",
    time: "Hora de ejecución",
    hour: "Hora",
    minute: "Minuto",
    days_of_week: "Días de la semana",
    save_task: "Guardar tarea",
    saving: "Guardando…",
    length_bounds: |min, max| format!("De {min} a {max} caracteres ·"),

    enter_name: "Escribe un nombre.",
    use_characters: |min, max, now| format!("Usa de {min} a {max} caracteres (ahora {now})."),
    use_characters_or_empty: |min, max, now| {
        format!("Usa de {min} a {max} caracteres, o déjalo vacío (ahora {now}).")
    },
    enter_hour: "Escribe la hora (0-23).",
    enter_minute: "Escribe el minuto (0-59).",
    hour_range: "La hora es un número entero de 0 a 23.",
    minute_range: "El minuto es un número entero de 0 a 59.",
    choose_day: "Elige al menos un día.",
    enter_date: "Escribe una fecha como 2030-01-31, o déjala vacía.",
    choose_later_day: "Elige hoy o un día posterior.",
};
