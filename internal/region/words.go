package region

import (
	"math/rand/v2"

	"github.com/commons-project/commons/internal/commons"
)

// The words generated data is made of: enough variety that text search
// and directories behave as they would on real data.

var firstNames = []string{"Carys", "Dafydd", "Siân", "Gareth", "Eleri", "Rhodri", "Olena", "Bethan", "Huw", "Mair", "Aisha",
	"Irina", "Tomos", "Ffion", "Owain", "Nia", "Iwan", "Lowri", "Rhys", "Cerys", "Emyr", "Megan", "Aled", "Alys", "Jamal",
	"Priya", "Marek", "Zofia", "Dmitri", "Anya", "Kwame", "Fatima", "Liam", "Chloe", "Oliver", "Amelia", "Yusuf", "Mei"}

var lastNames = []string{"Morgan", "Hughes", "Pritchard", "Lewis", "Rees", "Jenkins", "Kovalenko", "Davies", "Thomas", "Evans",
	"Rahman", "Petrova", "Williams", "Jones", "Roberts", "Price", "Griffiths", "Owen", "Powell", "Phillips", "Nowak", "Ivanova",
	"Mensah", "Khan", "Patel", "Edwards", "Bevan", "Watkins", "Harris", "Lloyd"}

var placePrefixes = []string{"Cwm", "Aber", "Llan", "Pont", "Tre", "Glyn", "Bryn", "Nant", "Pen", "Coed"}

var placeNames = []string{"Tawel", "Dulais", "Nedd", "Gwendraeth", "Rhondda", "Cynon", "Afan", "Garw", "Ogwr", "Llynfi",
	"Taf", "Ebwy", "Sirhowy", "Rhymni", "Aman", "Twrch", "Clydach", "Gwrach"}

var streets = []string{"Heol y Glowyr 2", "Stryd Fawr 41", "Chapel Street 7", "Station Road 12", "Church Lane 3",
	"Heol yr Ysgol 18", "Park Terrace 5", "Commercial Street 88", "Bridge Street 21", "Mill Lane 9"}

var venues = []string{"the library", "the Miners' Hall", "the chapel vestry", "the community centre", "the school",
	"the museum", "the rugby club", "the health centre", "the old cinema", "the workmen's institute"}

var purposes = []string{"Choir rehearsal", "Digital skills drop-in", "English conversation club", "Repair Café",
	"Council open meeting", "Welsh for beginners", "Family history workshop", "Youth coding club", "Knitting circle",
	"Job club", "Book group", "Yoga for all ages", "Climate café", "Homework club", "Seed swap"}

var threadTitles = []string{"Who has a projector we could borrow on Saturday?", "Ideas for the summer festival",
	"Lift share to the college", "Welsh conversation — anyone else learning?", "The hall's heating is broken again",
	"Volunteers wanted for the Repair Café", "Thank you to everyone who came!", "Minutes of the open meeting",
	"Digital skills drop-in: new times", "Seed swap in March", "Found: a blue umbrella in the library"}

var postBodies = []string{"Count me in! I can bring **cakes**.", "We have one at the library — ask at the desk.",
	"Could we meet at the Miners' Hall instead? It has a ramp.", "I'll check with the council and come back to you.",
	"Great idea. See the [notes](https://example.org/notes) from last year.", "Diolch! That was lovely.",
	"I can teach the first session if someone brings the laptops.", "- tea\n- milk\n- biscuits\n\nAnything else?",
	"Спасибо, я приду с детьми.", "Is it step-free? My mother uses a wheelchair."}

type initiativeTemplate struct{ title, summary string }

var initiativeTemplates = []initiativeTemplate{
	{"A solar roof for the hall", "Neighbours, the council and a local installer put panels on the hall's roof and teach how they work."},
	{"Digital buddies", "Young people help older neighbours with phones, video calls and online forms, one afternoon a week."},
	{"Welcome suppers", "Newcomers and old-timers cook for each other every month and practise English and Welsh at the table."},
	{"The valley's oral history", "Recording the memories of former miners with the museum and the school, for the archive."},
	{"Community orchard", "Planting apple and pear trees on the old colliery land, with grafting workshops every winter."},
	{"Job club", "CV help, mock interviews and a computer to apply from, run with the library and local employers."},
	{"Repair and learn", "A monthly repair café where volunteers teach how to fix what would otherwise be thrown away."},
	{"Walking for health", "Guided walks for people recovering from illness, with the health board's nurses."},
}

type resourceTemplate struct {
	kind               commons.Kind
	title, description string
}

var resourceTemplates = []resourceTemplate{
	{commons.KindSpace, "Meeting room", "A quiet room with a big table, chairs for twelve, a screen and tea things."},
	{commons.KindSpace, "Main hall", "A hall for a hundred with a stage, a piano and a kitchen next door."},
	{commons.KindSpace, "Classroom", "A classroom free in the evenings and at weekends, with a whiteboard and projector."},
	{commons.KindSpace, "Workshop", "A workshop with benches, vices and good light, for making and mending."},
	{commons.KindSpace, "Computer suite", "Twelve computers with headphones and a printer, for digital skills sessions."},
	{commons.KindSpace, "Community garden plot", "A raised bed in the community garden with water and tools nearby."},
	{commons.KindSpace, "Kitchen", "A teaching kitchen with six cookers, for cookery classes and supper clubs."},
	{commons.KindEquipment, "Projector and screen", "A portable projector with an HDMI cable and a folding screen."},
	{commons.KindEquipment, "3D printer", "A PLA 3D printer with a spool of filament; someone shows you how."},
	{commons.KindEquipment, "Sewing machine", "An electric sewing machine with spare needles and thread."},
	{commons.KindEquipment, "Repair toolkit", "Screwdrivers, a soldering iron, a multimeter and clamps in a case."},
	{commons.KindEquipment, "PA system", "Two speakers, a mixer and two microphones, for events up to two hundred people."},
	{commons.KindEquipment, "Laptop trolley", "Fifteen laptops in a charging trolley, for courses away from a computer room."},
	{commons.KindEquipment, "Minibus", "A sixteen-seat minibus for trips; drivers need a D1 licence."},
	{commons.KindExpertise, "Help with funding bids", "Someone who has written many bids helps you write yours."},
	{commons.KindExpertise, "Welsh tutoring", "A fluent speaker helps learners practise conversation."},
	{commons.KindExpertise, "Bookkeeping for groups", "Help setting up simple accounts for a community group."},
	{commons.KindFunding, "Small grants for community projects", "Grants of up to £500 for projects that bring neighbours together."},
	{commons.KindTime, "Volunteer hours", "A few hours a week to help at events, set up rooms or drive the minibus."},
	{commons.KindMaterials, "Offcut timber", "Offcuts from the joinery, free for projects and firewood."},
	{commons.KindMaterials, "Art materials", "Paper, paint and brushes left over from classes, free to groups."},
	{commons.KindOther, "Allotment tools shed", "A shed of garden tools that allotment holders share."},
}

var orgKinds = map[commons.Sector][]string{
	commons.SectorPublicAuthority: {"Town Council", "Community Council", "Youth Service", "Health Board Clinic"},
	commons.SectorBusiness:        {"Hardware", "Café", "Bakery", "Garage", "Print Shop", "Bookshop"},
	commons.SectorEducation:       {"Primary School", "Comprehensive School", "College Campus", "Adult Learning Centre"},
	commons.SectorCulture:         {"Library", "Museum", "Arts Centre", "Male Voice Choir", "Heritage Society"},
	commons.SectorNGO:             {"Energy Trust", "Refugee Welcome", "Food Bank", "Citizens Advice", "Wildlife Trust"},
	commons.SectorCitizenGroup:    {"Repair Café", "Walking Group", "Allotment Society", "Friends of the Park", "Book Club"},
}

var orgBlurbs = map[commons.Sector][]string{
	commons.SectorPublicAuthority: {"Looks after the halls and parks and lends rooms to local groups.", "Public services for the valley's families."},
	commons.SectorBusiness:        {"A family business that supports local clubs and lends what it can.", "Local shop sponsoring the community garden."},
	commons.SectorEducation:       {"Opens its rooms and computers to adult learners in the evenings.", "Courses for all ages, close to home."},
	commons.SectorCulture:         {"Books, archives and events for everyone, with help on hand.", "Keeps the valley's stories and songs alive."},
	commons.SectorNGO:             {"Volunteers helping households save energy and money.", "Welcomes newcomers with language clubs and advice."},
	commons.SectorCitizenGroup:    {"Neighbours who meet every week to learn from each other.", "Fixing things together and teaching how."},
}

func orgName(r *rand.Rand, s commons.Sector) string {
	return pick(r, placePrefixes) + " " + pick(r, placeNames) + " " + pick(r, orgKinds[s])
}
