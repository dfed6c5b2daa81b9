// Translations of the box's error and validation messages. The English text is the key
// (as gettext's msgid), so the code raising an error stays readable; messages.test.ts fails
// when a message written in the code has no French or German translation here.
// French: vous, typographic apostrophe, no-break space before : ; ? ! — German: Sie.
import type { Locale } from './index.ts';

type Translations = Record<string, { fr: string; de: string }>;

export const messages: Translations = {
  // onepage
  'Choose an address': { fr: 'Choisissez une adresse', de: 'Wählen Sie eine Adresse' },
  'An address is at most 60 characters': { fr: 'Une adresse fait au plus 60 caractères', de: 'Eine Adresse hat höchstens 60 Zeichen' },
  'Only an organization or a project can have a one-page site': { fr: 'Seuls une organisation ou un projet peuvent avoir un site une page', de: 'Nur eine Organisation oder ein Projekt kann eine Einseiten-Website haben' },
  'Only the admins of this organization or project can publish its site': { fr: 'Seuls les admins de cette organisation ou de ce projet peuvent publier son site', de: 'Nur die Admins dieser Organisation oder dieses Projekts können ihre Website veröffentlichen' },
  'This organization or project has a one-page site already': { fr: 'Cette organisation ou ce projet a déjà un site une page', de: 'Diese Organisation oder dieses Projekt hat schon eine Einseiten-Website' },
  'Site': { fr: 'Site', de: 'Website' },
  // coop
  'Only the members of the organization or project take part in its decisions': { fr: 'Seuls les membres de l’organisation ou du projet prennent part à ses décisions', de: 'Nur die Mitglieder der Organisation oder des Projekts nehmen an ihren Entscheidungen teil' },
  'Unknown proposal': { fr: 'Proposition inconnue', de: 'Unbekannter Vorschlag' },
  'Only a draft can be edited; change its text through amendments': { fr: 'Seul un brouillon peut être modifié ; changez son texte par des amendements', de: 'Nur ein Entwurf kann bearbeitet werden; ändern Sie den Text über Änderungsanträge' },
  'Only the author of the proposal or an admin of the organization or project can do this': { fr: 'Seul l’auteur de la proposition ou un administrateur de l’organisation ou du projet peut le faire', de: 'Nur der Verfasser des Vorschlags oder ein Admin der Organisation oder des Projekts kann das tun' },
  'The end of the amendment period must be in the future': { fr: 'La fin de la période d’amendement doit être dans le futur', de: 'Das Ende der Änderungsfrist muss in der Zukunft liegen' },
  'Only a draft can be opened to amendments': { fr: 'Seul un brouillon peut être ouvert aux amendements', de: 'Nur ein Entwurf kann für Änderungsanträge geöffnet werden' },
  'This proposal is not open to amendments': { fr: 'Cette proposition n’est pas ouverte aux amendements', de: 'Dieser Vorschlag ist nicht für Änderungsanträge offen' },
  'The amendment period is over': { fr: 'La période d’amendement est terminée', de: 'Die Änderungsfrist ist abgelaufen' },
  'This amendment was already decided': { fr: 'Cet amendement a déjà été tranché', de: 'Über diesen Änderungsantrag wurde bereits entschieden' },
  'The vote must close after it opens': { fr: 'Le vote doit se clore après son ouverture', de: 'Die Abstimmung muss nach ihrem Beginn enden' },
  'This proposal was already put to the vote': { fr: 'Cette proposition a déjà été mise au vote', de: 'Dieser Vorschlag wurde bereits zur Abstimmung gestellt' },
  'This vote is closed': { fr: 'Ce vote est clos', de: 'Diese Abstimmung ist abgeschlossen' },
  'This proposal is not open to the vote yet': { fr: 'Cette proposition n’est pas encore soumise au vote', de: 'Dieser Vorschlag steht noch nicht zur Abstimmung' },
  'The vote has not opened yet': { fr: 'Le vote n’est pas encore ouvert', de: 'Die Abstimmung hat noch nicht begonnen' },
  "The box's clock is not confirmed; a box admin can set it from the admin page": { fr: 'L’horloge de la box n’est pas confirmée ; un administrateur de la box peut la régler depuis la page d’administration', de: 'Die Uhr der Box ist nicht bestätigt; ein Admin der Box kann sie auf der Admin-Seite stellen' },
  'The vote closes at its closing time, not before': { fr: 'Le vote se clôt à l’heure prévue, pas avant', de: 'Die Abstimmung endet zur vorgesehenen Zeit, nicht vorher' },
  'An actor must be a member of the organization or project': { fr: 'Un acteur doit être membre de l’organisation ou du projet', de: 'Beteiligte müssen Mitglied der Organisation oder des Projekts sein' },
  'A text is required': { fr: 'Un texte est obligatoire', de: 'Ein Text ist erforderlich' },
  'Unknown room': { fr: 'Salle inconnue', de: 'Unbekannter Raum' },
  'Cooperative space': { fr: 'Espace coopératif', de: 'Kooperativer Bereich' },
  'Proposal': { fr: 'Proposition', de: 'Vorschlag' },
  'Amendment': { fr: 'Amendement', de: 'Änderungsantrag' },
  'Action': { fr: 'Action', de: 'Aufgabe' },
  // marketplace and messages
  'Write a message first': { fr: 'Écrivez d’abord un message', de: 'Schreiben Sie zuerst eine Nachricht' },
  'A message is at most 5,000 characters': { fr: 'Un message fait au plus 5 000 caractères', de: 'Eine Nachricht hat höchstens 5.000 Zeichen' },
  'Give your name': { fr: 'Indiquez votre nom', de: 'Geben Sie Ihren Namen an' },
  'Say how to answer you (e-mail or phone number)': {
    fr: 'Indiquez comment vous répondre (e-mail ou numéro de téléphone)', de: 'Geben Sie an, wie man Ihnen antworten kann (E-Mail oder Telefonnummer)',
  },
  'You are the one who would receive this message': { fr: 'C’est vous qui recevriez ce message', de: 'Sie selbst würden diese Nachricht erhalten' },
  'No one can receive messages about this yet': { fr: 'Personne ne peut encore recevoir de message à ce sujet', de: 'Noch niemand kann dazu Nachrichten empfangen' },
  Conversation: { fr: 'Conversation', de: 'Unterhaltung' },
  Ad: { fr: 'Annonce', de: 'Anzeige' },
  'Unknown element': { fr: 'Élément inconnu', de: 'Unbekanntes Element' },
  'The marketplace only publishes classified ads': { fr: 'Les petites annonces ne publient que des annonces', de: 'In den Kleinanzeigen werden nur Anzeigen veröffentlicht' },
  'An ad is public or for the members of the box only': {
    fr: 'Une annonce est publique ou réservée aux membres de la box', de: 'Eine Anzeige ist öffentlich oder nur für Mitglieder der Box',
  },
  'Only the author of this ad can change it': { fr: 'Seul l’auteur de cette annonce peut la modifier', de: 'Nur der Verfasser dieser Anzeige kann sie ändern' },
  'An ad has at most 4 photos': { fr: 'Une annonce a au plus 4 photos', de: 'Eine Anzeige hat höchstens 4 Fotos' },
  'Choose a photo first': { fr: 'Choisissez d’abord une photo', de: 'Wählen Sie zuerst ein Foto' },
  // mutual aid
  'This is the mutual aid API: the type is aid': { fr: 'C’est l’API de l’entraide : le type est aid', de: 'Dies ist die API der Nachbarschaftshilfe: Der Typ ist aid' },
  'Mutual aid is public or for members of the box': {
    fr: 'L’entraide est publique ou réservée aux membres de la box', de: 'Nachbarschaftshilfe ist öffentlich oder für die Mitglieder der Box',
  },
  'Unknown category': { fr: 'Catégorie inconnue', de: 'Unbekannte Kategorie' },
  Match: { fr: 'Correspondance', de: 'Treffer' },
  // netmaps
  'Unknown element type': { fr: 'Type d’élément inconnu', de: 'Unbekannter Elementtyp' },
  'Too many types': { fr: 'Trop de types', de: 'Zu viele Typen' },
  'Choose at least one type of element': { fr: 'Choisissez au moins un type d’élément', de: 'Wählen Sie mindestens einen Elementtyp' },
  'A map has at most 20 tags': { fr: 'Une carte a au plus 20 mots-clés', de: 'Eine Karte hat höchstens 20 Schlagwörter' },
  'A map has at most 50 zones': { fr: 'Une carte a au plus 50 zones', de: 'Eine Karte hat höchstens 50 Zonen' },
  'A colour is written #rrggbb': { fr: 'Une couleur s’écrit #rrggbb', de: 'Eine Farbe wird #rrggbb geschrieben' },
  'Unknown zone: choose zones of the territory of this box': { fr: 'Zone inconnue : choisissez des zones du territoire de cette box', de: 'Unbekannte Zone: Wählen Sie Zonen des Gebiets dieser Box' },
  'This address is reserved': { fr: 'Cette adresse est réservée', de: 'Diese Adresse ist reserviert' },
  'This address is already taken': { fr: 'Cette adresse est déjà prise', de: 'Diese Adresse ist bereits vergeben' },
  'Only the maker of this map or a box admin can change it': { fr: 'Seul·e l’auteur·rice de cette carte ou un·e admin de la box peut la modifier', de: 'Nur wer diese Karte erstellt hat oder ein Box-Admin kann sie ändern' },
  'Map': { fr: 'Carte', de: 'Karte' },
  // box settings and modules
  'Only a box admin can change the settings of the box': { fr: 'Seul un administrateur de la box peut changer ses réglages', de: 'Nur ein Administrator der Box kann ihre Einstellungen ändern' },
  'A colour is written #rrggbb, e.g. #1f6f50': { fr: 'Une couleur s’écrit #rrvvbb, par exemple #1f6f50', de: 'Eine Farbe wird als #rrggbb geschrieben, z. B. #1f6f50' },
  'White text on this accent colour is hard to read (contrast below 4.5:1): choose a darker colour': { fr: 'Le texte blanc est difficile à lire sur cette couleur principale (contraste inférieur à 4,5:1) : choisissez une couleur plus foncée', de: 'Weißer Text ist auf dieser Akzentfarbe schwer lesbar (Kontrast unter 4,5:1): Wählen Sie eine dunklere Farbe' },
  'This text colour is hard to read on the page background (contrast below 4.5:1): choose a darker colour': { fr: 'Cette couleur de texte est difficile à lire sur le fond des pages (contraste inférieur à 4,5:1) : choisissez une couleur plus foncée', de: 'Diese Textfarbe ist auf dem Seitenhintergrund schwer lesbar (Kontrast unter 4,5:1): Wählen Sie eine dunklere Farbe' },
  'The logo must be a PNG or JPEG image': { fr: 'Le logo doit être une image PNG ou JPEG', de: 'Das Logo muss ein PNG- oder JPEG-Bild sein' },
  'The logo is too large: at most 200 KB': { fr: 'Le logo est trop lourd : 200 Ko au plus', de: 'Das Logo ist zu groß: höchstens 200 KB' },
  'Choose a logo file': { fr: 'Choisissez un fichier de logo', de: 'Wählen Sie eine Logodatei' },
  Logo: { fr: 'Logo', de: 'Logo' },
  // Modules turned off
  'Search is turned off on this box': { fr: 'La recherche est désactivée sur cette box', de: 'Die Suche ist auf dieser Box ausgeschaltet' },
  'The live feed is turned off on this box': { fr: 'Le fil local est désactivé sur cette box', de: 'Der lokale Nachrichtenstrom ist auf dieser Box ausgeschaltet' },
  'The agenda is turned off on this box': { fr: 'L’agenda est désactivé sur cette box', de: 'Der Kalender ist auf dieser Box ausgeschaltet' },
  'Shared rooms are turned off on this box': { fr: 'Les salles partagées sont désactivées sur cette box', de: 'Die gemeinsamen Räume sind auf dieser Box ausgeschaltet' },
  'The marketplace is turned off on this box': { fr: 'Les petites annonces sont désactivées sur cette box', de: 'Die Kleinanzeigen sind auf dieser Box ausgeschaltet' },
  'Mutual aid is turned off on this box': { fr: 'L’entraide est désactivée sur cette box', de: 'Die Nachbarschaftshilfe ist auf dieser Box ausgeschaltet' },
  'The cooperative space is turned off on this box': { fr: 'L’espace coopératif est désactivé sur cette box', de: 'Der Kooperationsbereich ist auf dieser Box ausgeschaltet' },
  'Network maps are turned off on this box': { fr: 'Les cartes de réseau sont désactivées sur cette box', de: 'Die Netzwerkkarten sind auf dieser Box ausgeschaltet' },
  'One-page sites are turned off on this box': { fr: 'Les sites une page sont désactivés sur cette box', de: 'Die Einseiten-Websites sind auf dieser Box ausgeschaltet' },
  // Classifieds and mutual aid
  'A price is a number': { fr: 'Un prix est un nombre', de: 'Ein Preis ist eine Zahl' },
  'A price cannot be negative': { fr: 'Un prix ne peut pas être négatif', de: 'Ein Preis kann nicht negativ sein' },
  'A price above 1,000,000 is not plausible': { fr: 'Un prix au-delà de 1 000 000 n’est pas plausible', de: 'Ein Preis über 1.000.000 ist nicht plausibel' },
  'A price has at most two decimals': { fr: 'Un prix a au plus deux décimales', de: 'Ein Preis hat höchstens zwei Nachkommastellen' },
  'Only classified ads have a price': { fr: 'Seules les petites annonces ont un prix', de: 'Nur Kleinanzeigen haben einen Preis' },
  'Something given away has no price': { fr: 'Ce qui est donné n’a pas de prix', de: 'Was verschenkt wird, hat keinen Preis' },
  'A currency goes with a price': { fr: 'Une monnaie va avec un prix', de: 'Eine Währung gehört zu einem Preis' },
  'Only mutual aid has an availability': { fr: 'Seule l’entraide a des disponibilités', de: 'Nur die Nachbarschaftshilfe hat eine Verfügbarkeit' },
  'The expiry date is already past': { fr: 'La date d’expiration est déjà passée', de: 'Das Ablaufdatum ist bereits vorbei' },
  'An expiry is at most one year away': { fr: 'Une expiration est au plus dans un an', de: 'Ein Ablauf liegt höchstens ein Jahr entfernt' },
  'Only events, classified ads and mutual aid have organizers': {
    fr: 'Seuls les événements, les petites annonces et l’entraide ont des organisateurs',
    de: 'Nur Veranstaltungen, Kleinanzeigen und Nachbarschaftshilfe haben Veranstalter',
  },
  // Search
  'A search is at most 200 characters': { fr: 'Une recherche fait au plus 200 caractères', de: 'Eine Suche hat höchstens 200 Zeichen' },
  'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR': {
    fr: 'Une zone s’écrit commune:INSEE, epci:SIREN, dep:NN, region:NN ou country:FR',
    de: 'Ein Gebiet ist commune:INSEE, epci:SIREN, dep:NN, region:NN oder country:FR',
  },
  'near is "lat,lon" or commune:INSEE': { fr: 'near s’écrit « lat,lon » ou commune:INSEE', de: 'near ist „lat,lon“ oder commune:INSEE' },
  'near: coordinates out of range': { fr: 'near : coordonnées hors limites', de: 'near: Koordinaten außerhalb des gültigen Bereichs' },
  'radius_km needs near (a position or a commune)': {
    fr: 'radius_km demande near (une position ou une commune)', de: 'radius_km braucht near (eine Position oder eine Gemeinde)',
  },
  'The radius must be more than 0 km': { fr: 'Le rayon doit dépasser 0 km', de: 'Der Radius muss größer als 0 km sein' },
  'The radius is at most 1000 km': { fr: 'Le rayon est d’au plus 1000 km', de: 'Der Radius beträgt höchstens 1000 km' },
  'Unknown cursor': { fr: 'Curseur inconnu', de: 'Unbekannter Cursor' },
  'No commune has this postal code': { fr: 'Aucune commune n’a ce code postal', de: 'Keine Gemeinde hat diese Postleitzahl' },
  'This commune does not have this postal code': {
    fr: 'Cette commune n’a pas ce code postal', de: 'Diese Gemeinde hat diese Postleitzahl nicht',
  },
  // Shared rooms: one date of a repeated booking
  'This booking has a single date: cancel the booking': {
    fr: 'Cette réservation n’a qu’une date : annulez la réservation', de: 'Diese Buchung hat nur einen Termin: Stornieren Sie die Buchung',
  },
  'This booking has no date at this time': { fr: 'Cette réservation n’a pas de date à cette heure', de: 'Diese Buchung hat zu dieser Zeit keinen Termin' },
  // Wi-Fi network
  'Give the network name': { fr: 'Donnez le nom du réseau', de: 'Geben Sie den Namen des Netzwerks an' },
  'A network name is at most 32 bytes (an accented letter counts as two)': {
    fr: 'Un nom de réseau fait au plus 32 octets (une lettre accentuée compte pour deux)',
    de: 'Ein Netzwerkname hat höchstens 32 Bytes (ein Buchstabe mit Akzent zählt doppelt)',
  },
  'A network name cannot hold control characters': {
    fr: 'Un nom de réseau ne peut pas contenir de caractères de contrôle', de: 'Ein Netzwerkname darf keine Steuerzeichen enthalten',
  },
  'A Wi-Fi password uses only unaccented letters, digits, spaces and ASCII punctuation': {
    fr: 'Un mot de passe Wi-Fi n’utilise que des lettres sans accent, des chiffres, des espaces et la ponctuation ASCII',
    de: 'Ein WLAN-Passwort besteht nur aus Buchstaben ohne Akzent, Ziffern, Leerzeichen und ASCII-Satzzeichen',
  },
  'A Wi-Fi password has 8 to 63 characters, or none for an open network': {
    fr: 'Un mot de passe Wi-Fi a de 8 à 63 caractères, ou aucun pour un réseau ouvert',
    de: 'Ein WLAN-Passwort hat 8 bis 63 Zeichen, oder keins für ein offenes Netzwerk',
  },
  // First-boot wizard
  'Give the box a name': { fr: 'Donnez un nom à la boîte', de: 'Geben Sie der Box einen Namen' },
  'Choose the country where the box is': { fr: 'Choisissez le pays où se trouve la boîte', de: 'Wählen Sie das Land, in dem die Box steht' },
  'Choose a language': { fr: 'Choisissez une langue', de: 'Wählen Sie eine Sprache' },
  'Choose a time zone': { fr: 'Choisissez un fuseau horaire', de: 'Wählen Sie eine Zeitzone' },
  'Choose an intercommunality or communes': { fr: 'Choisissez une intercommunalité ou des communes', de: 'Wählen Sie einen Gemeindeverband oder Gemeinden' },
  'This box is already set up': { fr: 'Cette boîte est déjà installée', de: 'Diese Box ist bereits eingerichtet' },
  'This setup code is no longer valid': { fr: 'Ce code d’installation n’est plus valable', de: 'Dieser Einrichtungscode ist nicht mehr gültig' },
  'Some steps of the setup are missing': { fr: 'Il manque des étapes de l’installation', de: 'Einige Schritte der Einrichtung fehlen' },
  // Agenda: dates and recurrence
  'Unknown time zone': { fr: 'Fuseau horaire inconnu', de: 'Unbekannte Zeitzone' },
  'Give the rule without "RRULE:", on one line': { fr: 'Donnez la règle sans « RRULE: », sur une ligne', de: 'Geben Sie die Regel ohne „RRULE:“ in einer Zeile an' },
  'A recurrence repeats daily, weekly, monthly or yearly': {
    fr: 'Une répétition est quotidienne, hebdomadaire, mensuelle ou annuelle', de: 'Eine Wiederholung ist täglich, wöchentlich, monatlich oder jährlich',
  },
  'This rule gives no date at all': { fr: 'Cette règle ne donne aucune date', de: 'Diese Regel ergibt kein einziges Datum' },
  'This time does not exist in this time zone: the clocks jump forward that night': {
    fr: 'Cette heure n’existe pas dans ce fuseau horaire : on avance les horloges cette nuit-là',
    de: 'Diese Uhrzeit gibt es in dieser Zeitzone nicht: In dieser Nacht wird die Uhr vorgestellt',
  },
  'Give a number of times from 1 to 1000': { fr: 'Donnez un nombre de fois entre 1 et 1000', de: 'Geben Sie eine Anzahl von 1 bis 1000 an' },
  'This date does not exist': { fr: 'Cette date n’existe pas', de: 'Dieses Datum gibt es nicht' },
  'A date is YYYY-MM-DD or an ISO 8601 date and time': {
    fr: 'Une date s’écrit AAAA-MM-JJ ou en date et heure ISO 8601', de: 'Ein Datum ist JJJJ-MM-TT oder Datum und Uhrzeit nach ISO 8601',
  },
  'An element is given by its id or its slug': { fr: 'Un élément se donne par son identifiant ou son slug', de: 'Ein Element wird durch seine ID oder seinen Slug angegeben' },
  'The end of the window must be after its start': { fr: 'La fin de la période doit suivre son début', de: 'Das Ende des Zeitraums muss nach seinem Beginn liegen' },
  'A window spans at most 366 days': { fr: 'Une période couvre au plus 366 jours', de: 'Ein Zeitraum umfasst höchstens 366 Tage' },
  'Only the admins of this event can change its dates': {
    fr: 'Seuls les administrateurs de cet événement peuvent changer ses dates', de: 'Nur die Administratoren dieser Veranstaltung können ihre Termine ändern',
  },
  'Only a recurring event has occurrences to cancel or move': {
    fr: 'Seul un événement récurrent a des dates à annuler ou déplacer', de: 'Nur eine wiederkehrende Veranstaltung hat Termine zum Absagen oder Verschieben',
  },
  'The event has no occurrence at this date': { fr: 'L’événement n’a pas de date à ce moment-là', de: 'Die Veranstaltung hat zu diesem Zeitpunkt keinen Termin' },
  'An event cannot attend itself': { fr: 'Un événement ne peut pas participer à lui-même', de: 'Eine Veranstaltung kann nicht an sich selbst teilnehmen' },
  'Only events take place at a place': { fr: 'Seuls les événements ont lieu dans un lieu', de: 'Nur Veranstaltungen finden an einem Ort statt' },
  'Only a recurring event has dates to choose from': {
    fr: 'Seul un événement qui se répète a des dates à choisir', de: 'Nur eine wiederkehrende Veranstaltung hat Termine zur Auswahl',
  },
  'Choose one date of this recurring event': { fr: 'Choisissez une date de cet événement', de: 'Wählen Sie einen Termin dieser Veranstaltung' },
  // Custom territories
  'A polygon has at least 3 corners': { fr: 'Un polygone a au moins 3 sommets', de: 'Ein Polygon hat mindestens 3 Ecken' },
  'Give either zones or a polygon': { fr: 'Donnez soit des zones, soit un polygone', de: 'Geben Sie entweder Gebiete oder ein Polygon an' },
  'The ring must end where it starts': { fr: 'Le contour doit finir là où il commence', de: 'Der Umriss muss dort enden, wo er beginnt' },
  'The outline crosses itself': { fr: 'Le contour se croise lui-même', de: 'Der Umriss überschneidet sich selbst' },
  'No commune lies inside this polygon': { fr: 'Aucune commune ne se trouve dans ce polygone', de: 'In diesem Polygon liegt keine Gemeinde' },
  'Only a box admin can define territories': {
    fr: 'Seul un administrateur de la box peut définir des territoires', de: 'Nur ein Administrator der Box kann Gebiete festlegen',
  },
  'A member is commune:, epci:, dep: or region: followed by its code': {
    fr: 'Un membre s’écrit commune:, epci:, dep: ou region: suivi de son code', de: 'Ein Mitglied ist commune:, epci:, dep: oder region: mit seinem Code',
  },
  'A polygon has at most 2000 points': { fr: 'Un polygone a au plus 2000 points', de: 'Ein Polygon hat höchstens 2000 Punkte' },
  'One outer ring, no holes': { fr: 'Un seul contour extérieur, sans trou', de: 'Ein äußerer Umriss, ohne Löcher' },
  'Give at least one zone': { fr: 'Donnez au moins une zone', de: 'Geben Sie mindestens ein Gebiet an' },
  // Map
  'bbox is west,south,east,north in degrees': { fr: 'bbox s’écrit ouest,sud,est,nord en degrés', de: 'bbox ist West,Süd,Ost,Nord in Grad' },
  'bbox is inverted: west must be below east and south below north': {
    fr: 'bbox est inversée : l’ouest doit être inférieur à l’est et le sud au nord',
    de: 'bbox ist vertauscht: West muss kleiner als Ost und Süd kleiner als Nord sein',
  },
  'zoom is 0 to 19': { fr: 'zoom va de 0 à 19', de: 'zoom liegt zwischen 0 und 19' },
  // Accounts and signing in
  'Sign in first': { fr: 'Connectez-vous d’abord', de: 'Bitte melden Sie sich zuerst an' },
  'Wrong username or password': { fr: 'Identifiant ou mot de passe incorrect', de: 'Benutzername oder Passwort ist falsch' },
  'Wrong password': { fr: 'Mot de passe incorrect', de: 'Das Passwort ist falsch' },
  'This username is taken': { fr: 'Cet identifiant est déjà pris', de: 'Dieser Benutzername ist bereits vergeben' },
  'At least 10 characters': { fr: 'Au moins 10 caractères', de: 'Mindestens 10 Zeichen' },
  'At least 3 characters': { fr: 'Au moins 3 caractères', de: 'Mindestens 3 Zeichen' },
  'Letters, digits, dot, dash and underscore only': {
    fr: 'Uniquement des lettres, des chiffres, des points, des tirets et des tirets bas',
    de: 'Nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich',
  },
  'This setup link was already used or has expired': {
    fr: 'Ce lien d’installation a déjà servi ou a expiré',
    de: 'Dieser Einrichtungslink wurde bereits verwendet oder ist abgelaufen',
  },
  'This reset link was already used or has expired': {
    fr: 'Ce lien de réinitialisation a déjà servi ou a expiré',
    de: 'Dieser Link zum Zurücksetzen wurde bereits verwendet oder ist abgelaufen',
  },
  'You are the last box admin: name another admin first': {
    fr: 'Vous êtes le seul administrateur de la box : nommez-en un autre d’abord',
    de: 'Sie sind der einzige Box-Administrator: Ernennen Sie zuerst einen weiteren',
  },

  // Permissions
  'You are not allowed to do this': { fr: 'Vous n’avez pas le droit de faire cela', de: 'Das dürfen Sie nicht tun' },
  'Only the admins of this element can do this': {
    fr: 'Seuls les administrateurs de cet élément peuvent faire cela',
    de: 'Nur die Administratoren dieses Elements können das tun',
  },
  'Only the admins of this element can edit it': {
    fr: 'Seuls les administrateurs de cet élément peuvent le modifier',
    de: 'Nur die Administratoren dieses Elements können es bearbeiten',
  },
  'Only the admins of this element can delete it': {
    fr: 'Seuls les administrateurs de cet élément peuvent le supprimer',
    de: 'Nur die Administratoren dieses Elements können es löschen',
  },
  'Delete an account from its account page': {
    fr: 'Un compte se supprime depuis la page « Mon compte »',
    de: 'Ein Konto wird auf der Seite „Mein Konto“ gelöscht',
  },
  'Only a box admin can open this page': {
    fr: 'Seul un administrateur de la box peut ouvrir cette page',
    de: 'Nur ein Box-Administrator kann diese Seite öffnen',
  },
  'Only a box admin can export the whole box': {
    fr: 'Seul un administrateur de la box peut exporter toute la box',
    de: 'Nur ein Box-Administrator kann die ganze Box exportieren',
  },
  'Only a box admin can issue reset links': {
    fr: 'Seul un administrateur de la box peut créer des liens de réinitialisation',
    de: 'Nur ein Box-Administrator kann Links zum Zurücksetzen erstellen',
  },
  'The box keeps at least one admin': {
    fr: 'La box garde toujours au moins un administrateur',
    de: 'Die Box braucht immer mindestens einen Administrator',
  },

  // Elements
  'A name is required': { fr: 'Indiquez un nom', de: 'Bitte geben Sie einen Namen an' },
  'This slug is already used by another element': {
    fr: 'Cette adresse de page est déjà prise par un autre élément',
    de: 'Diese Seitenadresse wird bereits von einem anderen Element verwendet',
  },
  'Lowercase letters, digits and dashes only': {
    fr: 'Uniquement des minuscules, des chiffres et des tirets',
    de: 'Nur Kleinbuchstaben, Ziffern und Bindestriche',
  },
  'Tags cannot contain , # < >': { fr: 'Les mots-clés ne peuvent pas contenir , # < >', de: 'Schlagwörter dürfen kein , # < > enthalten' },
  'A French postal code has 5 digits': { fr: 'Un code postal français a 5 chiffres', de: 'Eine französische Postleitzahl hat 5 Ziffern' },
  'An INSEE code has 5 characters': { fr: 'Un code INSEE a 5 caractères', de: 'Ein INSEE-Code hat 5 Zeichen' },
  'Unknown commune (INSEE code)': { fr: 'Commune inconnue (code INSEE)', de: 'Unbekannte Gemeinde (INSEE-Code)' },
  'Digits, spaces and + ( ) . - only': {
    fr: 'Uniquement des chiffres, des espaces et + ( ) . -',
    de: 'Nur Ziffern, Leerzeichen und + ( ) . -',
  },
  'Give both latitude and longitude, or neither': {
    fr: 'Indiquez la latitude et la longitude, ou aucune des deux',
    de: 'Geben Sie Breiten- und Längengrad an oder keines von beiden',
  },
  'Invalid characters': { fr: 'Caractères non valides', de: 'Ungültige Zeichen' },
  'Only projects have a stage': { fr: 'Seuls les projets ont un avancement', de: 'Nur Projekte haben einen Stand' },
  'An event needs a start date': { fr: 'Un événement a besoin d’une date de début', de: 'Eine Veranstaltung braucht ein Anfangsdatum' },
  'Only events have dates': { fr: 'Seuls les événements ont des dates', de: 'Nur Veranstaltungen haben ein Datum' },
  'The end is before the start': { fr: 'La fin est avant le début', de: 'Das Ende liegt vor dem Beginn' },
  'Unknown parent event': { fr: 'Événement parent inconnu', de: 'Unbekannte übergeordnete Veranstaltung' },
  'Only an event can be the sub-event of an event': {
    fr: 'Seul un événement peut faire partie du programme d’un événement',
    de: 'Nur eine Veranstaltung kann zum Programm einer Veranstaltung gehören',
  },
  'An event cannot be its own parent': {
    fr: 'Un événement ne peut pas faire partie de son propre programme',
    de: 'Eine Veranstaltung kann nicht zu ihrem eigenen Programm gehören',
  },
  'Unknown organizer': { fr: 'Organisateur inconnu', de: 'Unbekannter Veranstalter' },
  'Only events have organizers': { fr: 'Seuls les événements ont des organisateurs', de: 'Nur Veranstaltungen haben Veranstalter' },
  'Organizers are changed through links': {
    fr: 'Les organisateurs se changent par les liens entre éléments',
    de: 'Veranstalter werden über die Verknüpfungen geändert',
  },
  'You can only organize events for an element you belong to': {
    fr: 'Vous ne pouvez organiser des événements qu’au nom d’un élément dont vous êtes membre',
    de: 'Sie können Veranstaltungen nur für ein Element organisieren, dem Sie angehören',
  },
  'Someone else changed this element since you opened it; reload it and apply your change again': {
    fr: 'Quelqu’un d’autre a modifié cet élément entre-temps : rechargez la page et refaites votre modification',
    de: 'Jemand anderes hat dieses Element inzwischen geändert; laden Sie es neu und nehmen Sie Ihre Änderung erneut vor',
  },

  // Links: following, joining, inviting
  'Unknown person': { fr: 'Personne inconnue', de: 'Unbekannte Person' },
  'You cannot follow yourself': { fr: 'Vous ne pouvez pas vous suivre vous-même', de: 'Sie können sich nicht selbst folgen' },
  'This invitation has expired; ask for a new link': {
    fr: 'Cette invitation a expiré : demandez un nouveau lien',
    de: 'Diese Einladung ist abgelaufen; bitten Sie um einen neuen Link',
  },
  'You are the last admin: name another admin before leaving': {
    fr: 'Vous êtes le seul administrateur : nommez-en un autre avant de partir',
    de: 'Sie sind der einzige Administrator: Ernennen Sie einen weiteren, bevor Sie gehen',
  },
  'An element keeps at least one admin': {
    fr: 'Un élément garde toujours au moins un administrateur',
    de: 'Ein Element braucht immer mindestens einen Administrator',
  },

  // Requests
  'Send a form': { fr: 'Envoyez un formulaire', de: 'Senden Sie ein Formular' },
  'This form has expired or did not come from this box; reload the page and try again': {
    fr: 'Ce formulaire a expiré ou ne vient pas de cette box : rechargez la page et réessayez',
    de: 'Dieses Formular ist abgelaufen oder stammt nicht von dieser Box; laden Sie die Seite neu und versuchen Sie es erneut',
  },
  'Send JSON with Content-Type: application/json': {
    fr: 'Envoyez du JSON avec Content-Type: application/json',
    de: 'Senden Sie JSON mit Content-Type: application/json',
  },
  'The request body is not valid JSON': { fr: 'Le contenu envoyé n’est pas du JSON valide', de: 'Die gesendeten Daten sind kein gültiges JSON' },
  'The request body is not valid UTF-8': { fr: 'Le contenu envoyé n’est pas de l’UTF-8 valide', de: 'Die gesendeten Daten sind kein gültiges UTF-8' },
  'Cookie-authenticated API writes must be JSON requests (or carry X-CSRF-Token)': {
    fr: 'Les écritures dans l’API authentifiées par cookie doivent être des requêtes JSON (ou porter X-CSRF-Token)',
    de: 'Schreibzugriffe auf die API mit Cookie-Anmeldung müssen JSON-Anfragen sein (oder X-CSRF-Token mitsenden)',
  },
  'Internal error': { fr: 'Erreur interne', de: 'Interner Fehler' },

  // Agenda: iCalendar import and feeds
  'Only the admins of this element can import into its agenda': {
    fr: 'Seuls les admins de cet élément peuvent importer dans son agenda', de: 'Nur die Admins dieses Elements können in seinen Kalender importieren',
  },
  'The calendar file is larger than 10 MB': { fr: 'Le fichier de calendrier dépasse 10 Mo', de: 'Die Kalenderdatei ist größer als 10 MB' },
  'This is not a calendar file: it holds binary data': {
    fr: 'Ce n’est pas un fichier de calendrier : il contient des données binaires', de: 'Das ist keine Kalenderdatei: Sie enthält Binärdaten',
  },
  'This is not a calendar file: it does not start with BEGIN:VCALENDAR': {
    fr: 'Ce n’est pas un fichier de calendrier : il ne commence pas par BEGIN:VCALENDAR',
    de: 'Das ist keine Kalenderdatei: Sie beginnt nicht mit BEGIN:VCALENDAR',
  },
  'The calendar file is cut short: END:VCALENDAR is missing at its end': {
    fr: 'Le fichier de calendrier est tronqué : END:VCALENDAR manque à la fin', de: 'Die Kalenderdatei ist abgeschnitten: END:VCALENDAR fehlt am Ende',
  },
  'Give the calendar text': { fr: 'Donnez le texte du calendrier', de: 'Geben Sie den Kalendertext an' },
  'Send the calendar as text/calendar, or JSON with a text field': {
    fr: 'Envoyez le calendrier en text/calendar, ou en JSON avec un champ text', de: 'Senden Sie den Kalender als text/calendar oder als JSON mit einem Feld text',
  },
  'This event (same UID) belongs to another agenda': {
    fr: 'Cet événement (même UID) appartient à un autre agenda', de: 'Diese Veranstaltung (gleiche UID) gehört zu einem anderen Kalender',
  },
  'This event (same UID) was deleted on this box': {
    fr: 'Cet événement (même UID) a été supprimé sur cette boîte', de: 'Diese Veranstaltung (gleiche UID) wurde auf dieser Box gelöscht',
  },
  'The same UID appears twice in the file': { fr: 'Le même UID apparaît deux fois dans le fichier', de: 'Dieselbe UID kommt zweimal in der Datei vor' },
  'A changed occurrence (RECURRENCE-ID) whose series is not in the file': {
    fr: 'Une occurrence modifiée (RECURRENCE-ID) dont la série n’est pas dans le fichier',
    de: 'Ein geänderter Termin (RECURRENCE-ID), dessen Serie nicht in der Datei ist',
  },
  'No DTSTART: an event needs a start': { fr: 'Pas de DTSTART : un événement a besoin d’un début', de: 'Kein DTSTART: Eine Veranstaltung braucht einen Beginn' },
  'No SUMMARY: an event needs a title': { fr: 'Pas de SUMMARY : un événement a besoin d’un titre', de: 'Kein SUMMARY: Eine Veranstaltung braucht einen Titel' },
  'Cancelled in the calendar (STATUS:CANCELLED)': { fr: 'Annulé dans le calendrier (STATUS:CANCELLED)', de: 'Im Kalender abgesagt (STATUS:CANCELLED)' },
  'Several RRULEs in one event are not supported': {
    fr: 'Plusieurs RRULE dans un même événement ne sont pas prises en charge', de: 'Mehrere RRULEs in einer Veranstaltung werden nicht unterstützt',
  },
  'Extra dates (RDATE) are not supported': { fr: 'Les dates supplémentaires (RDATE) ne sont pas prises en charge', de: 'Zusätzliche Daten (RDATE) werden nicht unterstützt' },
  'A date of this event cannot be read': { fr: 'Une date de cet événement est illisible', de: 'Ein Datum dieser Veranstaltung ist nicht lesbar' },

  // Shared rooms
  'Say what the room is for': { fr: 'Dites à quoi servira la salle', de: 'Sagen Sie, wofür der Raum dient' },
  'The end must be after the start': { fr: 'La fin doit venir après le début', de: 'Das Ende muss nach dem Beginn liegen' },
  'A slot lasts at most 7 days': { fr: 'Un créneau dure au plus 7 jours', de: 'Ein Termin dauert höchstens 7 Tage' },
  'This slot is already over': { fr: 'Ce créneau est déjà passé', de: 'Dieser Termin ist bereits vorbei' },
  'A recurring booking needs an end date': { fr: 'Une réservation répétée a besoin d’une date de fin', de: 'Eine wiederholte Buchung braucht ein Enddatum' },
  'A booking has at most 500 slots': { fr: 'Une réservation a au plus 500 créneaux', de: 'Eine Buchung hat höchstens 500 Termine' },
  'A recurring booking ends within 2 years': { fr: 'Une réservation répétée se termine dans les 2 ans', de: 'Eine wiederholte Buchung endet innerhalb von 2 Jahren' },
  'The slots of this booking overlap one another': { fr: 'Les créneaux de cette réservation se chevauchent', de: 'Die Termine dieser Buchung überschneiden sich' },
  'Unknown organization': { fr: 'Organisation inconnue', de: 'Unbekannte Organisation' },
  'Unknown place': { fr: 'Lieu inconnu', de: 'Unbekannter Ort' },
  'Only a place has rooms': { fr: 'Seul un lieu a des salles', de: 'Nur ein Ort hat Räume' },
  'Only the admins of the place can manage its rooms': {
    fr: 'Seuls les admins du lieu peuvent gérer ses salles', de: 'Nur die Admins des Ortes können seine Räume verwalten',
  },
  'Only an admin of the organization can book for it': {
    fr: 'Seul·e un·e admin de l’organisation peut réserver pour elle', de: 'Nur Admins der Organisation können für sie buchen',
  },
  'This room is booked only by the organizations the place chose': {
    fr: 'Cette salle n’est réservée que par les organisations choisies par le lieu', de: 'Diesen Raum buchen nur die vom Ort gewählten Organisationen',
  },
  'Only the admins of the place can answer a booking request': {
    fr: 'Seuls les admins du lieu peuvent répondre à une demande de réservation', de: 'Nur die Admins des Ortes können eine Buchungsanfrage beantworten',
  },
  'This request was already answered': { fr: 'Cette demande a déjà reçu une réponse', de: 'Diese Anfrage wurde bereits beantwortet' },
  'Only the organization or the place can cancel this booking': {
    fr: 'Seuls l’organisation ou le lieu peuvent annuler cette réservation', de: 'Nur die Organisation oder der Ort können diese Buchung stornieren',
  },
  'This booking is no longer active': { fr: 'Cette réservation n’est plus active', de: 'Diese Buchung ist nicht mehr aktiv' },

  // `notFound(what)`: the sentence, then each thing that can be missing
  '{what} not found': { fr: '{what} introuvable', de: '{what} nicht gefunden' },
  Account: { fr: 'Compte', de: 'Konto' },
  Booking: { fr: 'Réservation', de: 'Buchung' },
  'Calendar feed': { fr: 'Flux de calendrier', de: 'Kalender-Feed' },
  Element: { fr: 'Élément', de: 'Element' },
  Event: { fr: 'Événement', de: 'Veranstaltung' },
  File: { fr: 'Fichier', de: 'Datei' },
  Invitation: { fr: 'Invitation', de: 'Einladung' },
  'Join request': { fr: 'Demande d’adhésion', de: 'Beitrittsanfrage' },
  Language: { fr: 'Langue', de: 'Sprache' },
  Member: { fr: 'Membre', de: 'Mitglied' },
  Membership: { fr: 'Adhésion', de: 'Mitgliedschaft' },
  Page: { fr: 'Page', de: 'Seite' },
  Person: { fr: 'Personne', de: 'Person' },
  Room: { fr: 'Salle', de: 'Raum' },
  Token: { fr: 'Jeton', de: 'Token' },
  Zone: { fr: 'Zone', de: 'Gebiet' },
  // media: files, folders, useful links, room photos
  'Only the members of this element can add files to it': {
    fr: 'Seuls les membres de cet élément peuvent y ajouter des fichiers', de: 'Nur die Mitglieder dieses Elements können Dateien hinzufügen',
  },
  'Only the admins of this element or the person who added a file can change it': {
    fr: 'Seuls les admins de cet élément ou la personne qui a ajouté un fichier peuvent le modifier',
    de: 'Nur die Admins dieses Elements oder die Person, die eine Datei hinzugefügt hat, können sie ändern',
  },
  'Only the admins of this element can manage its useful links': {
    fr: 'Seuls les admins de cet élément peuvent gérer ses liens utiles', de: 'Nur die Admins dieses Elements können seine nützlichen Links verwalten',
  },
  'Only a box admin can see the storage used': {
    fr: 'Seul·e un·e admin de la box peut voir l’espace utilisé', de: 'Nur Admins der Box können den belegten Speicher sehen',
  },
  'This type of file is not accepted: images (JPEG, PNG, WebP, GIF), PDF, OpenDocument, Word, Excel or PowerPoint files, and plain text': {
    fr: 'Ce type de fichier n’est pas accepté : images (JPEG, PNG, WebP, GIF), PDF, fichiers OpenDocument, Word, Excel ou PowerPoint, et texte brut',
    de: 'Dieser Dateityp wird nicht angenommen: Bilder (JPEG, PNG, WebP, GIF), PDF, OpenDocument-, Word-, Excel- oder PowerPoint-Dateien und reiner Text',
  },
  'HTML, SVG and XML files are not accepted: they can carry scripts': {
    fr: 'Les fichiers HTML, SVG et XML ne sont pas acceptés : ils peuvent contenir des scripts',
    de: 'HTML-, SVG- und XML-Dateien werden nicht angenommen: Sie können Skripte enthalten',
  },
  'Only images are accepted here: JPEG, PNG, WebP or GIF': {
    fr: 'Seules les images sont acceptées ici : JPEG, PNG, WebP ou GIF', de: 'Hier werden nur Bilder angenommen: JPEG, PNG, WebP oder GIF',
  },
  'A text file must be written in UTF-8': { fr: 'Un fichier texte doit être écrit en UTF-8', de: 'Eine Textdatei muss in UTF-8 geschrieben sein' },
  'This image could not be read': { fr: 'Cette image n’a pas pu être lue', de: 'Dieses Bild konnte nicht gelesen werden' },
  'The disk of the box is almost full: no file can be added': {
    fr: 'Le disque de la box est presque plein : aucun fichier ne peut être ajouté', de: 'Der Datenträger der Box ist fast voll: Es können keine Dateien hinzugefügt werden',
  },
  'Send the files as multipart/form-data': { fr: 'Envoyez les fichiers en multipart/form-data', de: 'Senden Sie die Dateien als multipart/form-data' },
  'The upload is damaged or was cut off': { fr: 'L’envoi est endommagé ou a été interrompu', de: 'Der Upload ist beschädigt oder wurde abgebrochen' },
  'Choose a file to upload': { fr: 'Choisissez un fichier à envoyer', de: 'Wählen Sie eine Datei zum Hochladen' },
  'Give an address starting with http:// or https://': {
    fr: 'Donnez une adresse commençant par http:// ou https://', de: 'Geben Sie eine Adresse an, die mit http:// oder https:// beginnt',
  },
  'A title is required': { fr: 'Un titre est obligatoire', de: 'Ein Titel ist erforderlich' },
  'A room has at most 12 photos': { fr: 'Une salle a au plus 12 photos', de: 'Ein Raum hat höchstens 12 Fotos' },
  'Only images of the place can be room photos': {
    fr: 'Seules les images du lieu peuvent être des photos de salle', de: 'Nur Bilder des Ortes können Fotos eines Raums sein',
  },
  'Useful link': { fr: 'Lien utile', de: 'Nützlicher Link' },
  // posts: walls, feeds, Atom
  'A post is at most 10,000 characters': { fr: 'Une publication fait au plus 10 000 caractères', de: 'Ein Beitrag hat höchstens 10.000 Zeichen' },
  'A tag is at most 40 characters': { fr: 'Un mot-clé fait au plus 40 caractères', de: 'Ein Schlagwort hat höchstens 40 Zeichen' },
  'A tag is letters, digits, - and _ only': { fr: 'Un mot-clé ne contient que des lettres, des chiffres, - et _', de: 'Ein Schlagwort besteht nur aus Buchstaben, Ziffern, - und _' },
  'At most 20 tags': { fr: '20 mots-clés au plus', de: 'Höchstens 20 Schlagwörter' },
  'At most 20 zones': { fr: '20 zones au plus', de: 'Höchstens 20 Gebiete' },
  'Unknown zone': { fr: 'Zone inconnue', de: 'Unbekanntes Gebiet' },
  'Choose zones of the territory of this box': { fr: 'Choisissez des zones du territoire de cette boîte', de: 'Wählen Sie Gebiete aus dem Gebiet dieser Box' },
  'Only the members of this element can post on its wall': {
    fr: 'Seuls les membres de cet élément peuvent publier sur son mur', de: 'Nur die Mitglieder dieses Elements können auf seiner Pinnwand schreiben',
  },
  'Only an admin of this element can post as it': {
    fr: 'Seul un administrateur de cet élément peut publier en son nom', de: 'Nur ein Admin dieses Elements kann in seinem Namen schreiben',
  },
  'Only its author can edit a post': { fr: 'Seul son auteur peut modifier une publication', de: 'Nur der Autor kann einen Beitrag bearbeiten' },
  'Only its author or an admin of the wall can remove a post': {
    fr: 'Seuls son auteur et les administrateurs du mur peuvent retirer une publication',
    de: 'Nur der Autor oder ein Admin der Pinnwand kann einen Beitrag entfernen',
  },
  Post: { fr: 'Publication', de: 'Beitrag' },
  'At most 4 files per post': { fr: '4 fichiers au plus par publication', de: 'Höchstens 4 Dateien pro Beitrag' },
  'Attach only files of the media library of this wall': {
    fr: 'Joignez seulement des fichiers de la médiathèque de ce mur', de: 'Hängen Sie nur Dateien aus der Mediathek dieser Pinnwand an',
  },
  // comments and moderation
  'Name the subject as post:<id> or element:<id>': {
    fr: 'Indiquez le sujet sous la forme post:<id> ou element:<id>', de: 'Geben Sie das Thema als post:<id> oder element:<id> an',
  },
  'Write something first': { fr: 'Écrivez d’abord quelque chose', de: 'Schreiben Sie zuerst etwas' },
  'A comment is at most 4,000 characters': { fr: 'Un commentaire fait au plus 4 000 caractères', de: 'Ein Kommentar hat höchstens 4.000 Zeichen' },
  'Unknown comment': { fr: 'Commentaire inconnu', de: 'Unbekannter Kommentar' },
  'Comments are open on events, organizations, projects and places': {
    fr: 'Les commentaires sont ouverts sur les événements, organisations, projets et lieux',
    de: 'Kommentare sind bei Veranstaltungen, Organisationen, Projekten und Orten möglich',
  },
  'The comment you answer is no longer there': { fr: 'Le commentaire auquel vous répondez n’existe plus', de: 'Der Kommentar, auf den Sie antworten, ist nicht mehr da' },
  'The comment you answer belongs to another thread': {
    fr: 'Le commentaire auquel vous répondez appartient à une autre conversation', de: 'Der Kommentar, auf den Sie antworten, gehört zu einem anderen Gespräch',
  },
  'Only its author can change a comment': { fr: 'Seul son auteur peut modifier un commentaire', de: 'Nur der Autor kann einen Kommentar ändern' },
  'Name what you report as post:<id> or comment:<id>': {
    fr: 'Indiquez ce que vous signalez sous la forme post:<id> ou comment:<id>', de: 'Geben Sie das Gemeldete als post:<id> oder comment:<id> an',
  },
  'Choose a reason': { fr: 'Choisissez une raison', de: 'Wählen Sie einen Grund' },
  'Say what is wrong': { fr: 'Dites ce qui ne va pas', de: 'Sagen Sie, was nicht stimmt' },
  'You already reported this': { fr: 'Vous l’avez déjà signalé', de: 'Sie haben dies bereits gemeldet' },
  'Only the admins of this page or of the box can moderate it': {
    fr: 'Seuls les admins de cette page ou de la box peuvent le modérer', de: 'Nur die Admins dieser Seite oder der Box können es moderieren',
  },
  'There is no open report on this': { fr: 'Il n’y a pas de signalement ouvert à ce sujet', de: 'Dazu gibt es keine offene Meldung' },
  'This is already hidden': { fr: 'C’est déjà masqué', de: 'Dies ist bereits ausgeblendet' },
  'This is not hidden': { fr: 'Ce n’est pas masqué', de: 'Dies ist nicht ausgeblendet' },
  Comment: { fr: 'Commentaire', de: 'Kommentar' },
  // notifications and graph
  Notification: { fr: 'Notification', de: 'Benachrichtigung' },
  // imports
  Import: { fr: 'Import', de: 'Import' },
  'Only a box admin can import files': { fr: 'Seul un administrateur de la box peut importer des fichiers', de: 'Nur ein Box-Administrator kann Dateien importieren' },
  'Send a file (the "file" part, after the other fields)': {
    fr: 'Envoyez un fichier (la partie « file », après les autres champs)', de: 'Senden Sie eine Datei (den Teil „file“, nach den anderen Feldern)',
  },
  'options must be JSON, like {"mapping": {"Nom": "name"}, "type": "poi"}': {
    fr: 'options doit être du JSON, comme {"mapping": {"Nom": "name"}, "type": "poi"}', de: 'options muss JSON sein, etwa {"mapping": {"Nom": "name"}, "type": "poi"}',
  },
  'Usage: npm run admin -- import:undo ID': { fr: 'Usage : npm run admin -- import:undo ID', de: 'Aufruf: npm run admin -- import:undo ID' },
  'An import is already running; wait until it ends': { fr: 'Un import est déjà en cours ; attendez qu’il se termine', de: 'Ein Import läuft bereits; warten Sie, bis er endet' },
  'Write the date as YYYY-MM-DD': { fr: 'Écrivez la date sous la forme AAAA-MM-JJ', de: 'Schreiben Sie das Datum als JJJJ-MM-TT' },
  'Name the source (who published the file)': { fr: 'Indiquez la source (qui a publié le fichier)', de: 'Nennen Sie die Quelle (wer die Datei veröffentlicht hat)' },
  'Name the licence': { fr: 'Indiquez la licence', de: 'Nennen Sie die Lizenz' },
  'Choose a file to send': { fr: 'Choisissez un fichier à envoyer', de: 'Wählen Sie eine Datei zum Senden' },
  'This upload is not one of the box': { fr: 'Cet envoi ne vient pas de la box', de: 'Dieser Upload gehört nicht zu dieser Box' },
  'This upload is no longer on the box: send the file again': {
    fr: 'Cet envoi n’est plus sur la box : envoyez de nouveau le fichier', de: 'Dieser Upload ist nicht mehr auf der Box: Senden Sie die Datei erneut',
  },
  'Choose the organization (or project, or place) whose agenda receives these events': {
    fr: 'Choisissez l’organisation (ou le projet, ou le lieu) dont l’agenda reçoit ces événements',
    de: 'Wählen Sie die Organisation (oder das Projekt oder den Ort), deren Kalender diese Veranstaltungen erhält',
  },
  'Choose the organization, project or place whose agenda receives the events': {
    fr: 'Choisissez l’organisation, le projet ou le lieu dont l’agenda reçoit les événements',
    de: 'Wählen Sie die Organisation, das Projekt oder den Ort, dessen Kalender die Veranstaltungen erhält',
  },
  'Send the file as multipart/form-data': { fr: 'Envoyez le fichier en multipart/form-data', de: 'Senden Sie die Datei als multipart/form-data' },
  'Send one file at a time': { fr: 'Envoyez un seul fichier à la fois', de: 'Senden Sie jeweils nur eine Datei' },
  'Choose a file on the stick': { fr: 'Choisissez un fichier sur la clé', de: 'Wählen Sie eine Datei auf dem Stick' },
  'The mapping gives no column for the name: map one column to "name"': {
    fr: 'La correspondance ne donne aucune colonne pour le nom : associez une colonne à « name »',
    de: 'Die Zuordnung enthält keine Spalte für den Namen: Ordnen Sie eine Spalte „name“ zu',
  },
  'Imported events are created in the name of a box admin, and this box has none yet: create the admin account first': {
    fr: 'Les événements importés sont créés au nom d’un administrateur de la box, et cette box n’en a pas encore : créez d’abord le compte administrateur',
    de: 'Importierte Veranstaltungen werden im Namen eines Box-Administrators angelegt, und diese Box hat noch keinen: Legen Sie zuerst das Administratorkonto an',
  },
  'The copy of this basemap made for the preview is gone: import the file again': {
    fr: 'La copie de ce fond de carte faite pour l’aperçu a disparu : importez de nouveau le fichier',
    de: 'Die für die Vorschau angelegte Kopie dieser Grundkarte ist verschwunden: Importieren Sie die Datei erneut',
  },
  'The basemap was replaced since this import: undo the later basemap import first': {
    fr: 'Le fond de carte a été remplacé depuis cet import : annulez d’abord l’import de fond de carte plus récent',
    de: 'Die Grundkarte wurde seit diesem Import ersetzt: Machen Sie zuerst den späteren Grundkarten-Import rückgängig',
  },
  // sync (federation)
  'This request is not signed by a box': { fr: 'Cette requête n’est pas signée par une box', de: 'Diese Anfrage ist von keiner Box signiert' },
  'Bad request signature': { fr: 'Signature de requête invalide', de: 'Ungültige Anfragesignatur' },
  'This request was already served (replayed nonce)': { fr: 'Cette requête a déjà été servie (nonce rejoué)', de: 'Diese Anfrage wurde bereits beantwortet (wiederholte Nonce)' },
  'The body is not JSON': { fr: 'Le corps de la requête n’est pas du JSON', de: 'Der Anfragetext ist kein JSON' },
  'A pull by ids names its origin': { fr: 'Une demande par identifiants nomme son origine', de: 'Eine Abfrage nach IDs nennt ihren Ursprung' },
  'No details of this element here': { fr: 'Aucun détail de cet élément ici', de: 'Keine Details zu diesem Element hier' },
  'A bucket is 0 to 15': { fr: 'Un compartiment va de 0 à 15', de: 'Ein Fach reicht von 0 bis 15' },
  'Only a box admin manages the peers of this box': { fr: 'Seul un admin de la box gère ses box pairs', de: 'Nur ein Box-Admin verwaltet die Partnerboxen dieser Box' },
  'This is this box’s own address': { fr: 'C’est l’adresse de cette box elle-même', de: 'Das ist die eigene Adresse dieser Box' },
  'No such peer': { fr: 'Box pair inconnue', de: 'Unbekannte Partnerbox' },
  'A fingerprint is 16 letters and digits, as XXXX-XXXX-XXXX-XXXX': { fr: 'Une empreinte fait 16 lettres et chiffres, comme XXXX-XXXX-XXXX-XXXX', de: 'Ein Fingerabdruck besteht aus 16 Buchstaben und Ziffern, wie XXXX-XXXX-XXXX-XXXX' },
  'An address such as http://192.168.1.20:8080': { fr: 'Une adresse comme http://192.168.1.20:8080', de: 'Eine Adresse wie http://192.168.1.20:8080' },
  'a put has a card, a delete none': { fr: 'un ajout a une fiche, une suppression aucune', de: 'ein Eintrag hat eine Karte, eine Löschung keine' },
  'A search needs words': { fr: 'Une recherche a besoin de mots', de: 'Eine Suche braucht Wörter' },
  'A link to another file: copy the file itself onto the stick': { fr: 'Un lien vers un autre fichier : copiez le fichier lui-même sur la clé', de: 'Ein Verweis auf eine andere Datei: Kopieren Sie die Datei selbst auf den Stick' },
  // a fake peer of the sync tests (app/sync/testing/fake-peer.ts) answers as a box would
  'No such thing here': { fr: 'Rien de tel ici', de: 'So etwas gibt es hier nicht' },
  'Sync with other boxes is turned off on this box': { fr: 'La synchronisation avec d’autres box est désactivée sur cette box', de: 'Der Abgleich mit anderen Boxen ist auf dieser Box ausgeschaltet' },
  'No box could give the description just now: try again later': { fr: 'Aucune box n’a pu donner la description pour l’instant : réessayez plus tard', de: 'Keine Box konnte die Beschreibung gerade liefern: Versuchen Sie es später erneut' },
  'A sync with this peer is already under way': { fr: 'Une synchronisation avec cette box pair est déjà en cours', de: 'Ein Abgleich mit dieser Partnerbox läuft bereits' },
  // sync bundles
  'No USB stick is plugged in: plug one in and try again': { fr: 'Aucune clé USB n’est branchée : branchez-en une et réessayez', de: 'Es ist kein USB-Stick eingesteckt: Stecken Sie einen ein und versuchen Sie es erneut' },
  'Several USB sticks are plugged in: choose one': { fr: 'Plusieurs clés USB sont branchées : choisissez-en une', de: 'Es sind mehrere USB-Sticks eingesteckt: Wählen Sie einen aus' },
  'A peer’s box id, or all': { fr: 'L’identifiant de box d’un pair, ou all', de: 'Die Box-ID eines Partners oder all' },
  'This box has no peers yet: add one first': { fr: 'Cette box n’a pas encore de pair : ajoutez-en un d’abord', de: 'Diese Box hat noch keine Partner: Fügen Sie zuerst einen hinzu' },
  'This is a link to another file, not a bundle: copy the bundle itself onto the stick': { fr: 'C’est un lien vers un autre fichier, pas un paquet : copiez le paquet lui-même sur la clé', de: 'Dies ist ein Verweis auf eine andere Datei, kein Paket: Kopieren Sie das Paket selbst auf den Stick' },
  'No such bundle file': { fr: 'Ce paquet de synchronisation est introuvable', de: 'Dieses Synchronisationspaket gibt es nicht' },
  'This is not a regular file': { fr: 'Ce n’est pas un fichier ordinaire', de: 'Dies ist keine normale Datei' },
  'This file is not a CoPi sync bundle (its first line is not a bundle header)': { fr: 'Ce fichier n’est pas un paquet de synchronisation CoPi (sa première ligne n’en est pas l’en-tête)', de: 'Diese Datei ist kein CoPi-Synchronisationspaket (ihre erste Zeile ist kein Paketkopf)' },
  'The bundle’s header is not signed': { fr: 'L’en-tête du paquet n’est pas signé', de: 'Der Kopf des Pakets ist nicht signiert' },
  'This bundle was written by this box itself': { fr: 'Ce paquet a été écrit par cette box elle-même', de: 'Dieses Paket wurde von dieser Box selbst geschrieben' },
  'The bundle’s header was altered: its signature does not verify': { fr: 'L’en-tête du paquet a été modifié : sa signature n’est pas valide', de: 'Der Kopf des Pakets wurde verändert: Seine Signatur ist ungültig' },
  'The bundle’s records were altered: their SHA-256 is not the one its signed header gives': { fr: 'Les enregistrements du paquet ont été modifiés : leur SHA-256 n’est pas celui que donne son en-tête signé', de: 'Die Datensätze des Pakets wurden verändert: Ihr SHA-256 ist nicht der, den sein signierter Kopf angibt' },
  // update (app/update/): refusals, the root side's outcomes, and the admin page's texts
  'This is not a CoPi update file': { fr: 'Ce n’est pas un fichier de mise à jour CoPi', de: 'Dies ist keine CoPi-Aktualisierungsdatei' },
  'This box accepts no updates: its image has no update key': { fr: 'Cette box n’accepte aucune mise à jour : son image n’a pas de clé de mise à jour', de: 'Diese Box nimmt keine Aktualisierungen an: Ihr Image hat keinen Aktualisierungsschlüssel' },
  'The update is not signed by a key this box trusts': { fr: 'La mise à jour n’est pas signée par une clé à laquelle cette box fait confiance', de: 'Die Aktualisierung ist nicht mit einem Schlüssel signiert, dem diese Box vertraut' },
  'The update file is truncated: copy it again': { fr: 'Le fichier de mise à jour est tronqué : copiez-le à nouveau', de: 'Die Aktualisierungsdatei ist unvollständig: Kopieren Sie sie erneut' },
  'The update file is longer than its signed content: it was changed after signing': { fr: 'Le fichier de mise à jour est plus long que son contenu signé : il a été modifié après la signature', de: 'Die Aktualisierungsdatei ist länger als ihr signierter Inhalt: Sie wurde nach dem Signieren verändert' },
  'The update file is damaged: its content does not match its signature': { fr: 'Le fichier de mise à jour est endommagé : son contenu ne correspond pas à sa signature', de: 'Die Aktualisierungsdatei ist beschädigt: Ihr Inhalt passt nicht zu ihrer Signatur' },
  'This box installs updates only as the appliance (no privileged helper here)': { fr: 'Cette box n’installe de mises à jour qu’en tant qu’appareil (pas d’assistant privilégié ici)', de: 'Diese Box installiert Aktualisierungen nur als Gerät (hier gibt es keinen privilegierten Helfer)' },
  'This file is far larger than a CoPi update': { fr: 'Ce fichier est bien plus gros qu’une mise à jour CoPi', de: 'Diese Datei ist viel größer als eine CoPi-Aktualisierung' },
  'The upload was cut off: send the file again': { fr: 'L’envoi a été interrompu : envoyez le fichier à nouveau', de: 'Das Hochladen wurde unterbrochen: Senden Sie die Datei erneut' },
  'The update’s release is not a CoPi release of the version its header gives': { fr: 'La version contenue dans la mise à jour n’est pas une version CoPi de celle qu’annonce son en-tête', de: 'Die Version in der Aktualisierung ist keine CoPi-Version der in ihrem Kopf angegebenen' },
  'This box was not installed as releases (/opt/copi is not a link): reinstall its image': { fr: 'Cette box n’a pas été installée par versions (/opt/copi n’est pas un lien) : réinstallez son image', de: 'Diese Box wurde nicht versionsweise installiert (/opt/copi ist kein Verweis): Installieren Sie ihr Image neu' },
  'This update file is no longer on the stick': { fr: 'Ce fichier de mise à jour n’est plus sur la clé', de: 'Diese Aktualisierungsdatei ist nicht mehr auf dem Stick' },
  'Choose an update file': { fr: 'Choisissez un fichier de mise à jour', de: 'Wählen Sie eine Aktualisierungsdatei' },
  'Update the box': { fr: 'Mettre à jour la box', de: 'Die Box aktualisieren' },
  'Installed version': { fr: 'Version installée', de: 'Installierte Version' },
  'Update key': { fr: 'Clé de mise à jour', de: 'Aktualisierungsschlüssel' },
  'This image accepts updates signed by its publisher': { fr: 'Cette image accepte les mises à jour signées par son éditeur', de: 'Dieses Image nimmt von seinem Herausgeber signierte Aktualisierungen an' },
  'This image has no update key: it accepts no updates': { fr: 'Cette image n’a pas de clé de mise à jour : elle n’accepte aucune mise à jour', de: 'Dieses Image hat keinen Aktualisierungsschlüssel: Es nimmt keine Aktualisierungen an' },
  'Last update': { fr: 'Dernière mise à jour', de: 'Letzte Aktualisierung' },
  'No update has been installed yet': { fr: 'Aucune mise à jour n’a encore été installée', de: 'Es wurde noch keine Aktualisierung installiert' },
  'Installed': { fr: 'Installée', de: 'Installiert' },
  'Rolled back': { fr: 'Annulée', de: 'Zurückgesetzt' },
  'Refused': { fr: 'Refusée', de: 'Abgelehnt' },
  'From a USB stick': { fr: 'Depuis une clé USB', de: 'Von einem USB-Stick' },
  'Put the .copi-update file in the copi folder of a USB stick and plug the stick into the box: it shows here within a few seconds.': {
    fr: 'Mettez le fichier .copi-update dans le dossier copi d’une clé USB et branchez la clé sur la box : il apparaît ici en quelques secondes.',
    de: 'Legen Sie die .copi-update-Datei in den Ordner copi eines USB-Sticks und stecken Sie den Stick in die Box: Sie erscheint hier nach wenigen Sekunden.',
  },
  'No update file on a USB stick': { fr: 'Aucun fichier de mise à jour sur une clé USB', de: 'Keine Aktualisierungsdatei auf einem USB-Stick' },
  'Install': { fr: 'Installer', de: 'Installieren' },
  'Upload an update file': { fr: 'Envoyer un fichier de mise à jour', de: 'Eine Aktualisierungsdatei hochladen' },
  'Update file (.copi-update)': { fr: 'Fichier de mise à jour (.copi-update)', de: 'Aktualisierungsdatei (.copi-update)' },
  'Upload and install': { fr: 'Envoyer et installer', de: 'Hochladen und installieren' },
  'The box checks the file before anything changes; if the new version does not start, the box goes back to the current one by itself.': {
    fr: 'La box vérifie le fichier avant de rien changer ; si la nouvelle version ne démarre pas, la box revient d’elle-même à la version actuelle.',
    de: 'Die Box prüft die Datei, bevor sich etwas ändert; startet die neue Version nicht, kehrt die Box von selbst zur aktuellen zurück.',
  },
};

// An element type inside a sentence, with its article (German needs two cases).
const typeNames: Record<string, { fr: string; de: string; deDative: string }> = {
  person: { fr: 'une personne', de: 'eine Person', deDative: 'einer Person' },
  organization: { fr: 'une organisation', de: 'eine Organisation', deDative: 'einer Organisation' },
  project: { fr: 'un projet', de: 'ein Projekt', deDative: 'einem Projekt' },
  event: { fr: 'un événement', de: 'eine Veranstaltung', deDative: 'einer Veranstaltung' },
  poi: { fr: 'un lieu', de: 'ein Ort', deDative: 'einem Ort' },
  classified: { fr: 'une petite annonce', de: 'eine Kleinanzeige', deDative: 'einer Kleinanzeige' },
  aid: { fr: 'une entraide', de: 'eine Nachbarschaftshilfe', deDative: 'einer Nachbarschaftshilfe' },
};
const typeName = (type: string) => typeNames[type] ?? { fr: type, de: type, deDative: type };
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

// app/imports: the parts of import messages that come from a small fixed set.
const importStatuses: Record<string, { fr: string; de: string }> = {
  staging: { fr: 'lecture en cours', de: 'wird gelesen' }, staged: { fr: 'lu', de: 'gelesen' },
  committing: { fr: 'validation en cours', de: 'wird übernommen' }, committed: { fr: 'validé', de: 'übernommen' },
  undone: { fr: 'annulé', de: 'rückgängig gemacht' }, discarded: { fr: 'abandonné', de: 'verworfen' }, failed: { fr: 'échoué', de: 'fehlgeschlagen' },
};
const importStatus = (status: string) => importStatuses[status] ?? { fr: status, de: status };
const andMore = (count: string | undefined) => (count ? { fr: ` et ${count} autres`, de: ` und ${count} weitere` } : { fr: '', de: '' });
const changedSince = (list: string) => ({
  fr: list.replaceAll(' (edited on the box since)', ' (modifié sur la box depuis)').replaceAll(' (imported again since)', ' (importé de nouveau depuis)'),
  de: list.replaceAll(' (edited on the box since)', ' (seitdem auf der Box bearbeitet)').replaceAll(' (imported again since)', ' (seitdem erneut importiert)'),
});
const delimiterName = (delimiter: string) => (delimiter === 'tab' ? { fr: 'tabulation', de: 'Tabulator' } : { fr: delimiter, de: delimiter });
const registerName = (register: string) => (register === 'RNA register'
  ? { fr: 'un registre RNA', de: 'kein RNA-Register' }
  : { fr: 'une liste SCDL d’équipements publics', de: 'keine SCDL-Liste öffentlicher Einrichtungen' });
const collectionReasons: Record<string, { fr: string; de: string }> = {
  'it is a JSON list': { fr: 'c’est une liste JSON', de: 'sie ist eine JSON-Liste' },
  'it is a single JSON value': { fr: 'c’est une valeur JSON isolée', de: 'sie ist ein einzelner JSON-Wert' },
  'it is not a JSON object': { fr: 'ce n’est pas un objet JSON', de: 'sie ist kein JSON-Objekt' },
  'its type is not a text': { fr: 'son type n’est pas un texte', de: 'ihr Typ ist kein Text' },
  'its "features" is not a list': { fr: 'son « features » n’est pas une liste', de: 'ihr „features“ ist keine Liste' },
  'it has no "features" list': { fr: 'elle n’a pas de liste « features »', de: 'sie hat keine „features“-Liste' },
  'it has no "type": "FeatureCollection" and no "features"': {
    fr: 'elle n’a ni "type": "FeatureCollection" ni « features »', de: 'sie hat weder "type": "FeatureCollection" noch „features“',
  },
};
function notCollectionWhy(why: string): { fr: string; de: string } {
  const type = /^its type is (".*")$/s.exec(why);
  if (type) return { fr: `son type est ${type[1]}`, de: `ihr Typ ist ${type[1]}` };
  return collectionReasons[why] ?? { fr: why, de: why };
}
const exportReasons: Record<string, { fr: string; de: string }> = {
  'it holds a single value': { fr: 'il ne contient qu’une valeur', de: 'er enthält nur einen einzelnen Wert' },
  'it has no "entities"': { fr: 'il n’a pas de « entities »', de: 'er hat kein „entities“' },
};
const notExportWhy = (why: string) => exportReasons[why] ?? { fr: why, de: why };

/** Messages built with values (`${…}` in the code); kind lists are kept as they are. */
const patterns: { pattern: RegExp; fr: (m: RegExpExecArray) => string; de: (m: RegExpExecArray) => string }[] = [
  {
    // posts: a mention of nothing the author may see, naming it.
    pattern: /^@([a-z0-9-]+): no such person or element you can see$/,
    fr: (m) => `@${m[1]} : aucune personne ni aucun élément que vous pouvez voir`,
    de: (m) => `@${m[1]}: keine Person und kein Element, das Sie sehen können`,
  },
  {
    // app/rooms: a booking that collides, naming the room, the date and the time in the box's time zone.
    pattern: /^“(.+)” is already booked on (\S+), (.+) \(([^()]+)\)$/,
    fr: (m) => `« ${m[1]} » est déjà réservée le ${m[2]}, ${m[3]} (${m[4]})`,
    de: (m) => `„${m[1]}“ ist am ${m[2]} bereits gebucht, ${m[3]} (${m[4]})`,
  },
  {
    pattern: /^The postal code (\S+) covers several communes: (.+); give the commune's name$/,
    fr: (m) => `Le code postal ${m[1]} couvre plusieurs communes : ${m[2]} ; indiquez le nom de la commune`,
    de: (m) => `Die Postleitzahl ${m[1]} gilt für mehrere Gemeinden: ${m[2]}; geben Sie den Namen der Gemeinde an`,
  },
  {
    pattern: /^Choose a kind: (.+)$/,
    fr: (m) => `Choisissez un type : ${m[1]}`,
    de: (m) => `Wählen Sie eine Art: ${m[1]}`,
  },
  {
    pattern: /^Unknown kind; one of: (.+)$/,
    fr: (m) => `Type inconnu ; choisissez parmi : ${m[1]}`,
    de: (m) => `Unbekannte Art; möglich sind: ${m[1]}`,
  },
  {
    pattern: /^An? (\w+) has no kind$/,
    fr: (m) => `${capitalize(typeName(m[1]).fr)} n’a pas de type`,
    de: (m) => `${capitalize(typeName(m[1]).de)} hat keine Art`,
  },
  {
    pattern: /^Choose a category: (.+)$/,
    fr: (m) => `Choisissez une catégorie : ${m[1]}`,
    de: (m) => `Wählen Sie eine Kategorie: ${m[1]}`,
  },
  {
    pattern: /^Unknown category; one of: (.+)$/,
    fr: (m) => `Catégorie inconnue ; choisissez parmi : ${m[1]}`,
    de: (m) => `Unbekannte Kategorie; möglich sind: ${m[1]}`,
  },
  {
    pattern: /^An? (\w+) has no category$/,
    fr: (m) => `${capitalize(typeName(m[1]).fr)} n’a pas de catégorie`,
    de: (m) => `${capitalize(typeName(m[1]).de)} hat keine Kategorie`,
  },
  {
    pattern: /^An? (\w+) does not expire$/,
    fr: (m) => `${capitalize(typeName(m[1]).fr)} n’expire pas`,
    de: (m) => `${capitalize(typeName(m[1]).de)} läuft nicht ab`,
  },
  {
    pattern: /^One cannot join an? (\w+)$/,
    fr: (m) => `Vous ne pouvez pas rejoindre ${typeName(m[1]).fr}`,
    de: (m) => `Sie können ${typeName(m[1]).deDative} nicht beitreten`,
  },
  {
    pattern: /^The request body is larger than (\d+) bytes$/,
    fr: (m) => `Le contenu envoyé dépasse ${m[1]} octets`,
    de: (m) => `Die gesendeten Daten sind größer als ${m[1]} Bytes`,
  },
  {
    pattern: /^Invalid recurrence rule: (.+)$/,
    fr: (m) => `Règle de répétition invalide : ${m[1]}`,
    de: (m) => `Ungültige Wiederholungsregel: ${m[1]}`,
  },
  {
    pattern: /^This recurrence cannot be shown that far from its first date: (.+)$/,
    fr: (m) => `Cette répétition ne peut pas être montrée si loin de sa première date : ${m[1]}`,
    de: (m) => `Diese Wiederholung kann nicht so weit von ihrem ersten Datum gezeigt werden: ${m[1]}`,
  },
  {
    pattern: /^The calendar file cannot be read: (.+)$/s,
    fr: (m) => `Le fichier de calendrier est illisible : ${m[1]}`,
    de: (m) => `Die Kalenderdatei ist nicht lesbar: ${m[1]}`,
  },
  {
    pattern: /^Too many failed sign-ins; try again in (\d+) min$/,
    fr: (m) => `Trop d’essais de connexion ratés : réessayez dans ${m[1]} min`,
    de: (m) => `Zu viele fehlgeschlagene Anmeldeversuche; versuchen Sie es in ${m[1]} Min. erneut`,
  },
  // app/media: sizes come in English units ("9.5 MB", "2 GB").
  {
    pattern: /^The box's storage for files is full: (.+) used of (.+)$/,
    fr: (m) => `L’espace de la box pour les fichiers est plein : ${frenchSize(m[1])} utilisés sur ${frenchSize(m[2])}`,
    de: (m) => `Der Speicher der Box für Dateien ist voll: ${germanSize(m[1])} von ${germanSize(m[2])} belegt`,
  },
  {
    pattern: /^This file is too large: the limit is (.+)$/,
    fr: (m) => `Ce fichier est trop gros : la limite est de ${frenchSize(m[1])}`,
    de: (m) => `Diese Datei ist zu groß: Die Grenze liegt bei ${germanSize(m[1])}`,
  },
  {
    pattern: /^This upload is too large: the limit is (.+) per request$/,
    fr: (m) => `Cet envoi est trop gros : la limite est de ${frenchSize(m[1])} par envoi`,
    de: (m) => `Dieser Upload ist zu groß: Die Grenze liegt bei ${germanSize(m[1])} pro Anfrage`,
  },
  {
    pattern: /^This image is too large: at most (\d+) megapixels$/,
    fr: (m) => `Cette image est trop grande : ${m[1]} mégapixels au plus`,
    de: (m) => `Dieses Bild ist zu groß: höchstens ${m[1]} Megapixel`,
  },
  {
    pattern: /^At most (\d+) files can be sent at once$/,
    fr: (m) => `Vous pouvez envoyer au plus ${m[1]} fichiers à la fois`,
    de: (m) => `Es können höchstens ${m[1]} Dateien auf einmal gesendet werden`,
  },
  // imports: names of files, sticks and elements are kept as they are; the English parts around them translated.
  {
    pattern: /^This import is (\w+): only a staged import can be committed$/,
    fr: (m) => `Cet import est à l’état « ${importStatus(m[1]).fr} » : seul un import lu peut être validé`,
    de: (m) => `Dieser Import hat den Status „${importStatus(m[1]).de}“: Nur ein gelesener Import kann übernommen werden`,
  },
  {
    pattern: /^This import is (\w+): only a committed import can be undone$/,
    fr: (m) => `Cet import est à l’état « ${importStatus(m[1]).fr} » : seul un import validé peut être annulé`,
    de: (m) => `Dieser Import hat den Status „${importStatus(m[1]).de}“: Nur ein übernommener Import kann rückgängig gemacht werden`,
  },
  {
    pattern: /^This import is (\w+): only a staged or failed import can be discarded$/,
    fr: (m) => `Cet import est à l’état « ${importStatus(m[1]).fr} » : seul un import lu ou échoué peut être abandonné`,
    de: (m) => `Dieser Import hat den Status „${importStatus(m[1]).de}“: Nur ein gelesener oder fehlgeschlagener Import kann verworfen werden`,
  },
  {
    pattern: /^This import is no longer the latest change to (\d+) of its elements: (.*?)(?: and (\d+) more)?\.? ?(?:Undo the later import first, or change them by hand\.)?$/s,
    fr: (m) => `Cet import n’est plus la dernière modification de ${m[1]} de ses éléments : ${changedSince(m[2]).fr}${andMore(m[3]).fr}. `
      + 'Annulez d’abord l’import plus récent, ou modifiez-les à la main.',
    de: (m) => `Dieser Import ist nicht mehr die letzte Änderung an ${m[1]} seiner Elemente: ${changedSince(m[2]).de}${andMore(m[3]).de}. `
      + 'Machen Sie zuerst den späteren Import rückgängig oder ändern Sie sie von Hand.',
  },
  {
    pattern: /^These events changed since the import \(edited on the box or imported again\): (.*?)(?: and (\d+) more)?\. ?(?:Nothing was undone: undo the later import first, or change them by hand\.)?$/s,
    fr: (m) => `Ces événements ont changé depuis l’import (modifiés sur la box ou importés de nouveau) : ${m[1]}${andMore(m[2]).fr}. `
      + 'Rien n’a été annulé : annulez d’abord l’import plus récent, ou modifiez-les à la main.',
    de: (m) => `Diese Veranstaltungen haben sich seit dem Import geändert (auf der Box bearbeitet oder erneut importiert): ${m[1]}${andMore(m[2]).de}. `
      + 'Nichts wurde rückgängig gemacht: Machen Sie zuerst den späteren Import rückgängig oder ändern Sie sie von Hand.',
  },
  {
    pattern: /^A later import changed the outline of (.+?)(?: and (\d+) more)?: undo it first$/s,
    fr: (m) => `Un import plus récent a changé le contour de ${m[1]}${andMore(m[2]).fr} : annulez-le d’abord`,
    de: (m) => `Ein späterer Import hat den Umriss von ${m[1]}${andMore(m[2]).de} geändert: Machen Sie ihn zuerst rückgängig`,
  },
  {
    pattern: /^(.+) has content added on the box since the import \((.*)\); nothing was undone$/s,
    fr: (m) => `Du contenu a été ajouté sur la box à ${m[1]} depuis l’import (${localizeMessage('fr', m[2])}) ; rien n’a été annulé`,
    de: (m) => `Zu ${m[1]} wurden seit dem Import Inhalte auf der Box hinzugefügt (${localizeMessage('de', m[2])}); nichts wurde rückgängig gemacht`,
  },
  {
    pattern: /^(.+) changed during the import; commit again$/s,
    fr: (m) => `${m[1]} a changé pendant l’import ; validez de nouveau`,
    de: (m) => `${m[1]} hat sich während des Imports geändert; übernehmen Sie erneut`,
  },
  {
    pattern: /^(.+) \(([^()]+)\) was imported by another import since this preview: read the file again$/s,
    fr: (m) => `${m[1]} (${m[2]}) a été importé par un autre import depuis cet aperçu : relisez le fichier`,
    de: (m) => `${m[1]} (${m[2]}) wurde seit dieser Vorschau von einem anderen Import importiert: Lesen Sie die Datei erneut`,
  },
  {
    pattern: /^No import "(.*)" \(see npm run admin -- import:list\)$/,
    fr: (m) => `Aucun import « ${m[1]} » (voir npm run admin -- import:list)`,
    de: (m) => `Kein Import „${m[1]}“ (siehe npm run admin -- import:list)`,
  },
  {
    pattern: /^Usage: (npm run admin -- .+)$/s,
    fr: (m) => `Usage : ${m[1]}`,
    de: (m) => `Aufruf: ${m[1]}`,
  },
  {
    pattern: /^(.+) could not be imported: (.+)$/s,
    fr: (m) => `${m[1]} n’a pas pu être importé : ${localizeMessage('fr', m[2])}`,
    de: (m) => `${m[1]} konnte nicht importiert werden: ${localizeMessage('de', m[2])}`,
  },
  {
    pattern: /^The box does not recognise the format of (.+): choose one of (.+)$/s,
    fr: (m) => `La box ne reconnaît pas le format de ${m[1]} : choisissez parmi ${m[2]}`,
    de: (m) => `Die Box erkennt das Format von ${m[1]} nicht: Wählen Sie eines von ${m[2]}`,
  },
  {
    pattern: /^Unknown format "(.*)": choose one of (.+)$/s,
    fr: (m) => `Format inconnu « ${m[1]} » : choisissez parmi ${m[2]}`,
    de: (m) => `Unbekanntes Format „${m[1]}“: Wählen Sie eines von ${m[2]}`,
  },
  {
    pattern: /^Unknown element type "(.*)": choose one of (.+)$/s,
    fr: (m) => `Type d’élément inconnu « ${m[1]} » : choisissez parmi ${m[2]}`,
    de: (m) => `Unbekannter Elementtyp „${m[1]}“: Wählen Sie einen von ${m[2]}`,
  },
  {
    pattern: /^The column "(.*)" is mapped to "(.*)", which is not a field: choose one of (.+)$/s,
    fr: (m) => `La colonne « ${m[1]} » est associée à « ${m[2]} », qui n’est pas un champ : choisissez parmi ${m[3]}`,
    de: (m) => `Die Spalte „${m[1]}“ ist „${m[2]}“ zugeordnet, was kein Feld ist: Wählen Sie eines von ${m[3]}`,
  },
  {
    pattern: /^The mapping names columns this file does not have: (.+?) ?(?:\(read with "(.*)" between values; columns found: (.*)\))?$/s,
    fr: (m) => `La correspondance nomme des colonnes que ce fichier n’a pas : ${m[1]}${m[2] === undefined ? '' : ` (lu avec « ${delimiterName(m[2]).fr} » entre les valeurs ; colonnes trouvées : ${m[3]})`}`,
    de: (m) => `Die Zuordnung nennt Spalten, die diese Datei nicht hat: ${m[1]}${m[2] === undefined ? '' : ` (gelesen mit „${delimiterName(m[2]).de}“ zwischen den Werten; gefundene Spalten: ${m[3]})`}`,
  },
  {
    pattern: /^This file is not an? (RNA register|SCDL list of public facilities): it lacks the columns (.+?) ?(?:\(read with "(.*)" between values; found (.*)\))?$/s,
    fr: (m) => `Ce fichier n’est pas ${registerName(m[1]).fr} : il lui manque les colonnes ${m[2]}`
      + (m[3] === undefined ? '' : ` (lu avec « ${delimiterName(m[3]).fr} » entre les valeurs ; trouvé : ${m[4] === 'no header' ? 'aucun en-tête' : m[4]})`),
    de: (m) => `Diese Datei ist ${registerName(m[1]).de}: Ihr fehlen die Spalten ${m[2]}`
      + (m[3] === undefined ? '' : ` (gelesen mit „${delimiterName(m[3]).de}“ zwischen den Werten; gefunden: ${m[4] === 'no header' ? 'keine Kopfzeile' : m[4]})`),
  },
  {
    pattern: /^(.+) is empty: no header line$/s,
    fr: (m) => `${m[1]} est vide : aucune ligne d’en-tête`,
    de: (m) => `${m[1]} ist leer: keine Kopfzeile`,
  },
  {
    pattern: /^(.+) is empty: a GeoJSON FeatureCollection was expected$/s,
    fr: (m) => `${m[1]} est vide : une FeatureCollection GeoJSON était attendue`,
    de: (m) => `${m[1]} ist leer: Eine GeoJSON-FeatureCollection wurde erwartet`,
  },
  {
    pattern: /^(.+) is not a GeoJSON FeatureCollection: (.+)$/s,
    fr: (m) => `${m[1]} n’est pas une FeatureCollection GeoJSON : ${notCollectionWhy(m[2]).fr}`,
    de: (m) => `${m[1]} ist keine GeoJSON-FeatureCollection: ${notCollectionWhy(m[2]).de}`,
  },
  {
    // app/imports/read/geojson.ts: the parser's own words (m[2]) stay in English.
    pattern: /^(.+) is not JSON: (.+)$/s,
    fr: (m) => `${m[1]} n’est pas du JSON : ${m[2]}`,
    de: (m) => `${m[1]} ist kein JSON: ${m[2]}`,
  },
  {
    pattern: /^(.+) is not valid JSON after feature (\d+): (.+)$/s,
    fr: (m) => `${m[1]} n’est plus du JSON valide après l’objet ${m[2]} : ${m[3]}`,
    de: (m) => `${m[1]} ist nach Objekt ${m[2]} kein gültiges JSON mehr: ${m[3]}`,
  },
  {
    pattern: /^(.+) is not valid JSON \((.*)\): export it again from Communecter$/s,
    fr: (m) => `${m[1]} n’est pas du JSON valide (${m[2]}) : exportez-le de nouveau depuis Communecter`,
    de: (m) => `${m[1]} ist kein gültiges JSON (${m[2]}): Exportieren Sie es erneut aus Communecter`,
  },
  {
    pattern: /^(.+) is not a Communecter export: (.+) \(expected (.+) or a list of entities\)$/s,
    fr: (m) => `${m[1]} n’est pas un export Communecter : ${notExportWhy(m[2]).fr} (attendu : ${m[3]} ou une liste d’entités)`,
    de: (m) => `${m[1]} ist kein Communecter-Export: ${notExportWhy(m[2]).de} (erwartet: ${m[3]} oder eine Liste von Entitäten)`,
  },
  {
    pattern: /^No element "(.*)" on this box: give the address of its page or its id$/s,
    fr: (m) => `Aucun élément « ${m[1]} » sur cette box : indiquez l’adresse de sa page ou son identifiant`,
    de: (m) => `Kein Element „${m[1]}“ auf dieser Box: Geben Sie die Adresse seiner Seite oder seine ID an`,
  },
  {
    pattern: /^No element "(.*)" on this box to receive the events$/s,
    fr: (m) => `Aucun élément « ${m[1]} » sur cette box pour recevoir les événements`,
    de: (m) => `Kein Element „${m[1]}“ auf dieser Box, das die Veranstaltungen erhalten kann`,
  },
  {
    pattern: /^(.+) is an? (\w+): events are imported into the agenda of an organization, project or place$/s,
    fr: (m) => `${m[1]} est ${typeName(m[2]).fr} : les événements s’importent dans l’agenda d’une organisation, d’un projet ou d’un lieu`,
    de: (m) => `${m[1]} ist ${typeName(m[2]).de}: Veranstaltungen werden in den Kalender einer Organisation, eines Projekts oder eines Ortes importiert`,
  },
  {
    pattern: /^(.+) is no longer a box admin: only a box admin imports an agenda$/s,
    fr: (m) => `${m[1]} n’est plus administrateur de la box : seul un administrateur de la box importe un agenda`,
    de: (m) => `${m[1]} ist kein Box-Administrator mehr: Nur ein Box-Administrator importiert einen Kalender`,
  },
  {
    pattern: /^(.+) changed on the box since the preview: stage the file again$/s,
    fr: (m) => `${m[1] === 'An event' ? 'Un événement' : m[1]} a changé sur la box depuis l’aperçu : relisez le fichier`,
    de: (m) => `${m[1] === 'An event' ? 'Eine Veranstaltung' : m[1]} wurde seit der Vorschau auf der Box geändert: Lesen Sie die Datei erneut`,
  },
  // Sizes of the import messages come in English units ("1.5 MB"), like those of app/media.
  {
    pattern: /^(.+) is larger than (.+), the largest file of this kind the box reads$/s,
    fr: (m) => `${m[1]} dépasse ${frenchSize(m[2])}, la taille la plus grande que la box lit pour un fichier de ce type`,
    de: (m) => `${m[1]} ist größer als ${germanSize(m[2])}, die größte Datei dieser Art, die die Box liest`,
  },
  {
    pattern: /^(.+) is (.+) and the box has (.+) free: make room or take a smaller area$/s,
    fr: (m) => `${m[1]} fait ${frenchSize(m[2])} et la box n’a que ${frenchSize(m[3])} de libre : faites de la place ou prenez une zone plus petite`,
    de: (m) => `${m[1]} ist ${germanSize(m[2])} groß und die Box hat ${germanSize(m[3])} frei: Schaffen Sie Platz oder wählen Sie ein kleineres Gebiet`,
  },
  {
    pattern: /^(.+) is ([^;]+); the box reads files of this kind up to (.+): split it or keep only your territory$/s,
    fr: (m) => `${m[1]} fait ${frenchSize(m[2])} ; la box lit les fichiers de ce type jusqu’à ${frenchSize(m[3])} : découpez-le ou ne gardez que votre territoire`,
    de: (m) => `${m[1]} ist ${germanSize(m[2])} groß; die Box liest Dateien dieser Art bis ${germanSize(m[3])}: Teilen Sie sie auf oder behalten Sie nur Ihr Gebiet`,
  },
  {
    pattern: /^The basemap this import replaced is no longer in (.+): it cannot be put back$/s,
    fr: (m) => `Le fond de carte que cet import a remplacé n’est plus dans ${m[1]} : il ne peut pas être remis en place`,
    de: (m) => `Die Grundkarte, die dieser Import ersetzt hat, ist nicht mehr in ${m[1]}: Sie kann nicht wiederhergestellt werden`,
  },
  {
    pattern: /^(.+) is not a PMTiles v3 archive \((.*)\)$/s,
    fr: (m) => `${m[1]} n’est pas une archive PMTiles v3 (${m[2]})`,
    de: (m) => `${m[1]} ist kein PMTiles-v3-Archiv (${m[2]})`,
  },
  {
    pattern: /^(.+) is a PMTiles version (\S+) archive: the box reads version 3$/s,
    fr: (m) => `${m[1]} est une archive PMTiles version ${m[2]} : la box lit la version 3`,
    de: (m) => `${m[1]} ist ein PMTiles-Archiv der Version ${m[2]}: Die Box liest Version 3`,
  },
  {
    pattern: /^(.+) holds vector tiles: vector basemaps need a renderer the box does not ship; give a raster \.pmtiles$/s,
    fr: (m) => `${m[1]} contient des tuiles vectorielles : un fond de carte vectoriel demande un moteur de rendu que la box n’a pas ; donnez un .pmtiles raster`,
    de: (m) => `${m[1]} enthält Vektorkacheln: Vektor-Grundkarten brauchen einen Renderer, den die Box nicht mitbringt; geben Sie eine Raster-.pmtiles-Datei an`,
  },
  {
    pattern: /^(.+) holds tiles of an unknown kind: give a raster \.pmtiles of PNG, JPEG or WebP tiles$/s,
    fr: (m) => `${m[1]} contient des tuiles d’un type inconnu : donnez un .pmtiles raster de tuiles PNG, JPEG ou WebP`,
    de: (m) => `${m[1]} enthält Kacheln unbekannter Art: Geben Sie eine Raster-.pmtiles-Datei mit PNG-, JPEG- oder WebP-Kacheln an`,
  },
  // app/imports: files on a USB stick.
  {
    pattern: /^No USB stick named "(.*)" is plugged in$/s,
    fr: (m) => `Aucune clé USB nommée « ${m[1]} » n’est branchée`,
    de: (m) => `Es ist kein USB-Stick namens „${m[1]}“ eingesteckt`,
  },
  {
    pattern: /^(.+) is not a folder of the stick( \(a link\?\))?$/s,
    fr: (m) => `${m[1]} n’est pas un dossier de la clé${m[2] ? ' (un lien ?)' : ''}`,
    de: (m) => `${m[1]} ist kein Ordner des Sticks${m[2] ? ' (ein Link?)' : ''}`,
  },
  {
    pattern: /^"(.*)" is not a path on the stick$/s,
    fr: (m) => `« ${m[1]} » n’est pas un chemin de la clé`,
    de: (m) => `„${m[1]}“ ist kein Pfad auf dem Stick`,
  },
  {
    pattern: /^(.+): no such file \(was the stick removed\?\)$/s,
    fr: (m) => `${m[1]} : fichier introuvable (la clé a-t-elle été retirée ?)`,
    de: (m) => `${m[1]}: Datei nicht gefunden (wurde der Stick entfernt?)`,
  },
  {
    pattern: /^(.+) is a link to another file; copy the file itself onto the stick$/s,
    fr: (m) => `${m[1]} est un lien vers un autre fichier ; copiez le fichier lui-même sur la clé`,
    de: (m) => `${m[1]} ist ein Link auf eine andere Datei; kopieren Sie die Datei selbst auf den Stick`,
  },
  {
    pattern: /^(.+) is not a file$/s,
    fr: (m) => `${m[1]} n’est pas un fichier`,
    de: (m) => `${m[1]} ist keine Datei`,
  },
  {
    pattern: /^(.+) is outside the stick$/s,
    fr: (m) => `${m[1]} est en dehors de la clé`,
    de: (m) => `${m[1]} liegt außerhalb des Sticks`,
  },
  {
    pattern: /^(.+): the file could not be read to the end \(was the stick removed\?\)(; nothing of it was kept)?$/s,
    fr: (m) => `${m[1]} : le fichier n’a pas pu être lu jusqu’au bout (la clé a-t-elle été retirée ?)${m[2] ? ' ; rien n’en a été gardé' : ''}`,
    de: (m) => `${m[1]}: Die Datei konnte nicht bis zum Ende gelesen werden (wurde der Stick entfernt?)${m[2] ? '; nichts davon wurde behalten' : ''}`,
  },
  {
    pattern: /^(.+): the file could not be read \((.*)\)$/s,
    fr: (m) => `${m[1]} : le fichier n’a pas pu être lu (${m[2]})`,
    de: (m) => `${m[1]}: Die Datei konnte nicht gelesen werden (${m[2]})`,
  },
  // sync (federation)
  {
    pattern: /^Box (\S+) is not a peer of this box: its admin must add it first$/,
    fr: (m) => `La box ${m[1]} n’est pas une box pair de celle-ci : son admin doit d’abord l’ajouter`,
    de: (m) => `Die Box ${m[1]} ist keine Partnerbox dieser Box: Ihr Admin muss sie zuerst hinzufügen`,
  },
  {
    pattern: /^(\S+) is not a peer of this box$/,
    fr: (m) => `${m[1]} n’est pas une box pair de celle-ci`,
    de: (m) => `${m[1]} ist keine Partnerbox dieser Box`,
  },
  {
    pattern: /^No box answered at (\S+) \((.*)\)$/s,
    fr: (m) => `Aucune box n’a répondu à ${m[1]} (${m[2]})`,
    de: (m) => `Unter ${m[1]} hat keine Box geantwortet (${m[2]})`,
  },
  {
    pattern: /^(\S+) does not answer as a CoPi box \(sync protocol (\d+)\)$/,
    fr: (m) => `${m[1]} ne répond pas comme une box CoPi (protocole de synchronisation ${m[2]})`,
    de: (m) => `${m[1]} antwortet nicht wie eine CoPi-Box (Synchronisationsprotokoll ${m[2]})`,
  },
  {
    pattern: /^The box at (\S+) has fingerprint (\S+), not (\S+): check the address and the code$/,
    fr: (m) => `La box à l’adresse ${m[1]} a l’empreinte ${m[2]}, pas ${m[3]} : vérifiez l’adresse et le code`,
    de: (m) => `Die Box unter ${m[1]} hat den Fingerabdruck ${m[2]}, nicht ${m[3]}: Prüfen Sie Adresse und Code`,
  },
  // app/sync: sync bundles on USB sticks.
  { pattern: /^(.+) is not a folder: rename or remove it$/s, fr: (m) => `${m[1]} n’est pas un dossier : renommez-le ou supprimez-le`, de: (m) => `${m[1]} ist kein Ordner: Benennen Sie ihn um oder entfernen Sie ihn` },
  { pattern: /^"(.*)" is not a file on a USB stick$/s, fr: (m) => `« ${m[1]} » n’est pas un fichier d’une clé USB`, de: (m) => `„${m[1]}“ ist keine Datei auf einem USB-Stick` },
  { pattern: /^The bundle cannot be read \((.+)\)$/s, fr: (m) => `Le paquet ne peut pas être lu (${m[1]})`, de: (m) => `Das Paket kann nicht gelesen werden (${m[1]})` },
  { pattern: /^The bundle could not be written \((.+)\): is the stick full, read-only or pulled out\?$/s, fr: (m) => `Le paquet n’a pas pu être écrit (${m[1]}) : la clé est-elle pleine, protégée en écriture ou retirée ?`, de: (m) => `Das Paket konnte nicht geschrieben werden (${m[1]}): Ist der Stick voll, schreibgeschützt oder abgezogen?` },
  { pattern: /^This bundle is of version (.+), which this box does not read$/s, fr: (m) => `Ce paquet est de version ${m[1]}, que cette box ne lit pas`, de: (m) => `Dieses Paket hat Version ${m[1]}, die diese Box nicht liest` },
  { pattern: /^The bundle’s header is malformed \((.+)\)$/s, fr: (m) => `L’en-tête du paquet est mal formé (${m[1]})`, de: (m) => `Der Kopf des Pakets ist fehlerhaft (${m[1]})` },
  { pattern: /^This bundle comes from box (\S+), which is not a peer of this box: add it as a peer first$/, fr: (m) => `Ce paquet vient de la box ${m[1]}, qui n’est pas un pair de cette box : ajoutez-la d’abord comme pair`, de: (m) => `Dieses Paket stammt von der Box ${m[1]}, die kein Partner dieser Box ist: Fügen Sie sie zuerst als Partner hinzu` },
  { pattern: /^The bundle’s header is forged: its key is not the key of (.+)$/s, fr: (m) => `L’en-tête du paquet est falsifié : sa clé n’est pas celle de ${m[1]}`, de: (m) => `Der Kopf des Pakets ist gefälscht: Sein Schlüssel ist nicht der von ${m[1]}` },
  { pattern: /^This bundle is addressed to box (\S+), not to this box$/, fr: (m) => `Ce paquet est adressé à la box ${m[1]}, pas à cette box`, de: (m) => `Dieses Paket ist an die Box ${m[1]} gerichtet, nicht an diese Box` },
  { pattern: /^The bundle is cut short: it holds (\d+) of the (\d+) records its header announces; copy it again$/, fr: (m) => `Le paquet est tronqué : il contient ${m[1]} des ${m[2]} enregistrements qu’annonce son en-tête ; copiez-le à nouveau`, de: (m) => `Das Paket ist unvollständig: Es enthält ${m[1]} der ${m[2]} Datensätze, die sein Kopf ankündigt; kopieren Sie es erneut` },
  { pattern: /^The bundle holds (\d+) records, not the (\d+) its header announces$/, fr: (m) => `Le paquet contient ${m[1]} enregistrements, et non les ${m[2]} qu’annonce son en-tête`, de: (m) => `Das Paket enthält ${m[1]} Datensätze, nicht die ${m[2]}, die sein Kopf ankündigt` },
  // update (app/update/)
  { pattern: /^This update is for (\S+) boxes, and this box is (\S+)$/, fr: (m) => `Cette mise à jour est pour les box ${m[1]}, et cette box est ${m[2]}`, de: (m) => `Diese Aktualisierung ist für ${m[1]}-Boxen, und diese Box ist ${m[2]}` },
  { pattern: /^This update is version (\S+), not newer than the installed (\S+)$/, fr: (m) => `Cette mise à jour est la version ${m[1]}, qui n’est pas plus récente que la ${m[2]} installée`, de: (m) => `Diese Aktualisierung ist Version ${m[1]}, nicht neuer als die installierte ${m[2]}` },
  { pattern: /^The box could not start the update \(([\w-]+)\); try again, or restart the box$/, fr: (m) => `La box n’a pas pu lancer la mise à jour (${m[1]}) ; réessayez, ou redémarrez la box`, de: (m) => `Die Box konnte die Aktualisierung nicht starten (${m[1]}); versuchen Sie es erneut oder starten Sie die Box neu` },
  { pattern: /^Installing (\S+): the box restarts in a minute$/, fr: (m) => `Installation de la ${m[1]} : la box redémarre dans une minute`, de: (m) => `${m[1]} wird installiert: Die Box startet in einer Minute neu` },
  { pattern: /^Version (\S+) is installed and serving$/, fr: (m) => `La version ${m[1]} est installée et en service`, de: (m) => `Version ${m[1]} ist installiert und in Betrieb` },
  { pattern: /^Version (\S+) did not start, so the box went back to (\S+) and its database as it was before$/, fr: (m) => `La version ${m[1]} n’a pas démarré : la box est revenue à la ${m[2]} et à sa base de données d’avant`, de: (m) => `Version ${m[1]} ist nicht gestartet, daher ist die Box zu ${m[2]} und ihrer vorherigen Datenbank zurückgekehrt` },
  { pattern: /^Version (\S+) did not start, and (\S+) did not start again either: look at the box’s journal$/, fr: (m) => `La version ${m[1]} n’a pas démarré, et la ${m[2]} n’a pas redémarré non plus : consultez le journal de la box`, de: (m) => `Version ${m[1]} ist nicht gestartet, und ${m[2]} ist auch nicht wieder gestartet: Sehen Sie im Journal der Box nach` },
  { pattern: /^Version (\S+) could not be installed \((\w+)\), so the box went back to (\S+) and its database as it was before$/, fr: (m) => `La version ${m[1]} n’a pas pu être installée (${m[2]}) : la box est revenue à la ${m[3]} et à sa base de données d’avant`, de: (m) => `Version ${m[1]} konnte nicht installiert werden (${m[2]}), daher ist die Box zu ${m[3]} und ihrer vorherigen Datenbank zurückgekehrt` },
  { pattern: /^Version (\S+) could not be installed \((\w+)\), and (\S+) did not start again either: look at the box’s journal$/, fr: (m) => `La version ${m[1]} n’a pas pu être installée (${m[2]}), et la ${m[3]} n’a pas redémarré non plus : consultez le journal de la box`, de: (m) => `Version ${m[1]} konnte nicht installiert werden (${m[2]}), und ${m[3]} ist auch nicht wieder gestartet: Sehen Sie im Journal der Box nach` },
  { pattern: /^The update’s release could not be unpacked: (.+)$/s, fr: (m) => `La version contenue dans la mise à jour n’a pas pu être décompressée : ${m[1]}`, de: (m) => `Die Version in der Aktualisierung konnte nicht entpackt werden: ${m[1]}` },
];

/** A size of a media message ("9.5 MB") as French ("9,5 Mo") and German ("9,5 MB") write it. */
const frenchSize = (size: string) => size.replace('.', ',').replace(/ ([KMG])B$/, '\u00a0$1o');
const germanSize = (size: string) => size.replace('.', ',');

/** A message in the visitor's language when a translation exists; `{what} not found` included. */
export function localizeMessage(locale: Locale, message: string): string {
  if (locale === 'en') return message;
  const exact = messages[message];
  if (exact) return exact[locale];
  const notFound = /^(.+) not found$/.exec(message);
  if (notFound && messages[notFound[1]] && messages['{what} not found']) {
    return messages['{what} not found'][locale].replace('{what}', messages[notFound[1]][locale]);
  }
  for (const { pattern, fr, de } of patterns) {
    const match = pattern.exec(message);
    if (match) return locale === 'fr' ? fr(match) : de(match);
  }
  // A validation error names its field first ("slug: Lowercase letters…"): keep the field, translate the rest.
  const withField = /^([\w.]+): (.+)$/.exec(message);
  if (withField) {
    const rest = localizeMessage(locale, withField[2]);
    if (rest !== withField[2]) return `${withField[1]}${locale === 'fr' ? ' :' : ':'} ${rest}`;
  }
  return message;
}
