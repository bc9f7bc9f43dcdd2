//! The shape of a catalog: every text City Tasks shows, by key. Each language fills every key in
//! its own file (`en.rs`, `es.rs`); a key missing from a catalog, or one it has that this list
//! does not, is a compile error there, so no language can fall behind unnoticed. What the
//! compiler cannot see (empty texts, dropped values, untranslated copies, plural forms) the
//! tests below check.

/// A fixed text.
pub type Text = &'static str;
/// A text around one value (a name, a time, a date), placed where the language puts it.
pub type With = fn(&str) -> String;
/// A text around two values.
pub type With2 = fn(&str, &str) -> String;
/// A text with a count, in the language's plural form (see `plural`).
pub type Count = fn(u64) -> String;

macro_rules! catalog {
    ($(#[doc = $sdoc:literal])* $name:ident { $( $(#[doc = $doc:literal])* $key:ident: $kind:ty, )* }) => {
        $(#[doc = $sdoc])*
        pub struct $name {
            $( $(#[doc = $doc])* pub $key: $kind, )*
        }

        #[cfg(test)]
        impl $name {
            /// Every entry by key, written out with sample values: what the tests read.
            pub fn entries(&self) -> Vec<(&'static str, Vec<(String, Vec<String>)>)> {
                vec![$( (stringify!($key), Entry::samples(&self.$key)), )*]
            }
        }
    };
}

catalog! {
    /// The signed-out landing page's texts in one language: apart from the rest, so the
    /// sign-in starter (`crate::sign_in_starter`) carries only these.
    LandingTexts {
        // The frame the landing page shows: menu, skip link, the language switch.
        app_name: Text,
        skip_to_content: Text,
        menu_label: Text,
        menu_login: Text,
        language_label: Text,
        // The page, and what can go wrong before the browser leaves for the Hosted UI.
        hero_title: Text,
        hero_text: Text,
        get_started: Text,
        sign_in_failed: Text,
        browser_random: Text,
        browser_open_sign_in: Text,
        browser_store_request: Text,
    }
}

catalog! {
    /// Every other text in one language.
    Texts {
        // The frame: splash, menu, skip link, page titles, language switch.
        loading_app: Text,
        menu_tasks: Text,
        /// The breadcrumb back to the list.
        back_to_list: Text,
        menu_sign_out: Text,
        /// `Welcome {name}` in the menu.
        menu_welcome: Text,
        /// The menu's name for a user whose token names nobody.
        signed_in_fallback: Text,
        home_link: Text,
        dismiss: Text,
        try_again: Text,
        cancel: Text,
        /// Asked before leaving a form with changes.
        unsaved_question: Text,
        no_value: Text,

        // The landing page and the callback.
        signing_in: Text,
        welcome_back: With,
        tasks_waiting: Text,
        open_tasks: Text,

        // The guard.
        checking_session: Text,
        taking_to_sign_in: Text,
        session_ended: Text,
        signed_out_elsewhere: Text,
        session_expired: Text,
        sign_in_again: Text,

        // Sign-in failures.
        sign_in_not_completed_because: With,
        sign_in_cancelled: Text,
        sign_in_service_problem: Text,
        sign_in_not_completed_code: With,
        sign_in_unreachable: Text,
        sign_in_code_expired: Text,
        sign_in_refused: With,
        sign_in_unusable_answer: Text,
        sign_in_not_verified: With,
        browser_store_session: Text,

        // Error pages.
        error_401_title: Text,
        error_401_text: Text,
        error_403_title: Text,
        error_403_text: Text,
        error_500_title: Text,
        error_500_text: Text,
        error_503_title: Text,
        error_503_text: Text,
        error_404_title: Text,
        error_404_text: Text,
        go_to_sign_in: Text,
        back_to_tasks: Text,
        try_tasks_again: Text,
        config_setup: Text,
        config_title: Text,
        /// `Fix the field` {field} `in config.json and reload.`, around the field's name.
        config_fix_field: Text,
        config_fix_in_file: Text,
        config_tell_admin: Text,
        panic_title: Text,
        panic_text: Text,
        reload: Text,
        /// In place of a page whose code a new deploy removed.
        new_version_title: Text,
        new_version_text: Text,

        // Tasks API failures.
        api_unreachable: Text,
        api_session_expired: Text,
        api_forbidden: Text,
        api_not_found: Text,
        api_rejected: Text,
        api_server: Text,
        api_unreadable: Text,
        /// A stored task this app cannot read, with what is wrong with it.
        api_damaged_task: With,

        // The list.
        tasks_heading: Text,
        search_placeholder: Text,
        search_label: Text,
        new_task: Text,
        loading_tasks: Text,
        tasks_not_loaded: Text,
        task_count: Count,
        /// `{shown} of {total} tasks`; the count's plural form follows the total.
        tasks_shown_of: fn(u64, u64) -> String,
        unshown_title: Count,
        unshown_text: Text,
        unshown_task: With2,
        unshown_without_id: With,
        unshown_more: Count,
        empty_title: Text,
        empty_text: Text,
        empty_create: Text,
        no_match: Text,
        edit_named: With,
        delete_named: With,

        // What is wrong with a stored task.
        problem_not_a_task: Text,
        problem_id: Text,
        problem_name: Text,
        problem_hour: Text,
        problem_minute: Text,
        problem_days: Text,

        // Days, times and runs.
        no_days: Text,
        every_day: Text,
        weekdays: Text,
        weekends: Text,
        /// `{days} · until {date}`.
        days_until: With2,
        /// A zone named by its city: `Guayaquil time`.
        zone_city_time: With,
        /// The user's own clock: `18:00 your time`.
        your_time: With,
        your_time_next_day: With,
        your_time_previous_day: With,
        your_time_other_day: With,
        in_minutes: Count,
        in_hours: Count,
        today_at: With,
        tomorrow_at: With,
        /// `{day} {time}`: `Fri 07:30`, `Mon 8 Mar 07:30`.
        day_at: With2,
        /// The same with a year: `Mon 3 Jan 2028, 07:30`.
        date_at: With2,
        next_run_at: With,
        run_ended: Text,
        run_never: Text,
        run_paused: Text,
        /// `No run on {day}: the clocks skip {time} that night.`
        dst_skipped: With2,
        dst_repeated: With,

        // Details.
        loading_task: Text,
        task_not_loaded: Text,
        no_end_date: Text,
        /// `{date}, end of the day {zone}`.
        until_end_of_day: With2,
        /// A server moment on the user's clock: `3 Nov 2026, 10:15 (your time)`.
        at_your_time: With,
        edit: Text,
        delete: Text,
        next_run: Text,
        days: Text,
        until: Text,
        description: Text,
        no_description: Text,
        job_id: Text,
        created: Text,
        last_changed: Text,
        device: Text,
        action: Text,
        status: Text,
        turns_on: Text,
        turns_off: Text,
        status_active: Text,
        status_inactive: Text,

        // Deleting.
        deleted: With,
        could_not_delete: With,
        delete_question: With,
        delete_warning: With,
        delete_task: Text,
        deleting: Text,

        // The form.
        edit_task: Text,
        saved: With,
        /// `Job` and `created`, around the job id and the creation time (`Job j-1 · created …`).
        job_word: Text,
        created_word: Text,
        unknown: Text,
        /// `In {zone}, the zone the scheduler runs tasks in.`
        time_zone_hint: With,
        that_is: With,
        until_hint: With,
        not_saved: Text,
        still_here: Text,
        name: Text,
        optional: Text,
        time: Text,
        hour: Text,
        minute: Text,
        days_of_week: Text,
        save_task: Text,
        saving: Text,
        /// `5 to 25 characters · `, before the live count.
        length_bounds: With2,

        // Form checks.
        enter_name: Text,
        use_characters: fn(u64, u64, u64) -> String,
        use_characters_or_empty: fn(u64, u64, u64) -> String,
        enter_hour: Text,
        enter_minute: Text,
        hour_range: Text,
        minute_range: Text,
        choose_day: Text,
        enter_date: Text,
        choose_later_day: Text,
    }
}

/// An entry written out with sample values, for the tests: each output with the values it was
/// given.
#[cfg(test)]
pub trait Entry {
    fn samples(&self) -> Vec<(String, Vec<String>)>;
}

/// Sample values no text contains by itself, so a test sees where each one went.
#[cfg(test)]
pub const SAMPLES: [&str; 2] = ["⟦A⟧", "⟦B⟧"];
/// Counts that reach every plural form English and Spanish have.
#[cfg(test)]
pub const COUNTS: [u64; 5] = [0, 1, 2, 21, 1_000_000];

#[cfg(test)]
impl Entry for Text {
    fn samples(&self) -> Vec<(String, Vec<String>)> {
        vec![(self.to_string(), Vec::new())]
    }
}

#[cfg(test)]
impl Entry for With {
    fn samples(&self) -> Vec<(String, Vec<String>)> {
        vec![(self(SAMPLES[0]), vec![SAMPLES[0].into()])]
    }
}

#[cfg(test)]
impl Entry for With2 {
    fn samples(&self) -> Vec<(String, Vec<String>)> {
        let given = SAMPLES.map(String::from).to_vec();
        vec![(self(SAMPLES[0], SAMPLES[1]), given)]
    }
}

#[cfg(test)]
impl Entry for Count {
    fn samples(&self) -> Vec<(String, Vec<String>)> {
        COUNTS
            .iter()
            .map(|n| (self(*n), vec![n.to_string()]))
            .collect()
    }
}

#[cfg(test)]
impl Entry for fn(u64, u64) -> String {
    fn samples(&self) -> Vec<(String, Vec<String>)> {
        [(3, 17), (1, 1), (1_000_000, 2_000_000)]
            .into_iter()
            .map(|(a, b)| (self(a, b), vec![a.to_string(), b.to_string()]))
            .collect()
    }
}

#[cfg(test)]
impl Entry for fn(u64, u64, u64) -> String {
    fn samples(&self) -> Vec<(String, Vec<String>)> {
        vec![(
            self(3, 17, 42),
            ["3", "17", "42"].map(String::from).to_vec(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::SAMPLES;
    use crate::i18n::Lang;

    type Entries = Vec<(&'static str, Vec<(String, Vec<String>)>)>;

    /// Both catalogs of `lang`: the landing page's and the rest.
    fn entries(lang: Lang) -> Entries {
        let mut all = lang.landing().entries();
        all.extend(lang.texts().entries());
        all
    }

    /// Texts that are the same word in both languages, on purpose.
    const SAME_IN_BOTH: &[&str] = &["app_name", "no_value", "date_at"];

    #[test]
    fn every_text_is_written_out() {
        for lang in Lang::ALL {
            for (key, samples) in entries(lang) {
                for (text, _) in samples {
                    assert!(!text.trim().is_empty(), "{lang:?} {key} is empty");
                    assert_eq!(
                        text.trim(),
                        text,
                        "{lang:?} {key} has stray spaces: {text:?}"
                    );
                    assert!(
                        !text.contains('{'),
                        "{lang:?} {key} has a bare placeholder: {text:?}"
                    );
                }
            }
        }
    }

    /// A text shows every value it is given: a name once, a count or a time at least once.
    #[test]
    fn every_value_given_is_shown() {
        for lang in Lang::ALL {
            for (key, samples) in entries(lang) {
                for (text, given) in samples {
                    for value in given {
                        let times = text.matches(value.as_str()).count();
                        if SAMPLES.contains(&value.as_str()) {
                            assert_eq!(
                                times, 1,
                                "{lang:?} {key} shows {value} {times} times: {text}"
                            );
                        } else {
                            assert!(times >= 1, "{lang:?} {key} drops {value}: {text}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn spanish_is_translated() {
        let english = entries(Lang::En);
        for ((key, spanish), (_, english)) in entries(Lang::Es).iter().zip(&english) {
            if SAME_IN_BOTH.contains(key) {
                continue;
            }
            assert_ne!(spanish, english, "{key} is the same in Spanish and English");
        }
    }

    #[test]
    fn plural_forms() {
        let (en, es) = (Lang::En.texts(), Lang::Es.texts());
        assert_eq!((en.task_count)(0), "0 tasks");
        assert_eq!((en.task_count)(1), "1 task");
        assert_eq!((en.task_count)(2), "2 tasks");
        assert_eq!((es.task_count)(1), "1 tarea");
        assert_eq!((es.task_count)(2), "2 tareas");
        assert_eq!((es.task_count)(1_000_000), "1000000 de tareas");
        assert_eq!((en.tasks_shown_of)(1, 1), "1 of 1 task");
        assert_eq!((en.tasks_shown_of)(3, 17), "3 of 17 tasks");
        assert_eq!((es.tasks_shown_of)(3, 17), "3 de 17 tareas");
        assert_eq!((en.in_minutes)(1), "in 1 min");
        assert_eq!((es.in_hours)(1), "en 1 h");
        assert_eq!((en.unshown_title)(1), "1 task could not be shown.");
        assert_eq!((es.unshown_title)(2), "2 tareas no se pueden mostrar.");
    }
}
